import type { RecordedEvent } from '@ledger/event-store';
import { messageOf, type SqlClient, type SqlExecutor } from '@ledger/sql';

/**
 * Statements that create one physical table, given its schema-qualified, quoted name. Leave
 * constraints and indexes unnamed: PostgreSQL derives their names from the table's, so every
 * generation gets its own. A rebuild with a `RebuildWriter` runs the CREATE INDEX statements
 * only once it has caught up, just before it switches; constraints (PRIMARY KEY, UNIQUE) come
 * with the table.
 */
export type TableDdl = (table: string) => readonly string[];

/**
 * A read model built from the event log. Its tables exist once per generation
 * (`<table>_g<n>`); queries read views named `<table>` that point at the active generation.
 */
export interface Projection<T extends string = string> {
  /** Key of the projection in the registry; a plain SQL identifier. */
  readonly name: string;
  /**
   * Bump it whenever the tables or what is computed into them change: a projector that finds
   * an older version stored rebuilds a new generation before following the log.
   */
  readonly version: number;
  /** Logical table name → its DDL. Logical names are the views queries use. */
  readonly tables: { readonly [K in T]: TableDdl };
  /**
   * Applies a batch of events, in log order, inside the transaction that also moves the
   * checkpoint. `tables` maps each logical name to the physical table of the generation being
   * written. Throw `ProjectionEventError` to name the event that could not be applied.
   */
  applyBatch(
    tx: SqlExecutor,
    tables: { readonly [K in T]: string },
    events: readonly RecordedEvent[],
  ): Promise<void>;
  /**
   * Optional: a faster way to fill the empty tables of a rebuild from position 0 (see
   * `RebuildWriter`). It must leave the tables exactly as applyBatch would. Without it, a rebuild
   * applies its batches with applyBatch, one after the other. A copy of a projection that
   * changes applyBatch must not keep this one.
   */
  rebuildWriter?(sql: SqlClient, tables: { readonly [K in T]: string }): RebuildWriter;
}

/**
 * Writes a rebuild. Nobody reads a generation before the switch, and a rebuild that fails is
 * dropped and starts over, so a batch need not be complete on its own: the writer may keep what
 * it computed (lookups, counters to add up) across batches and write it later, as long as the
 * tables are complete once `flush` has committed. Until the first flush, the tables have their
 * constraints but not the indexes of CREATE INDEX statements (see `TableDdl`).
 */
export interface RebuildWriter {
  /**
   * Takes the next batch in log order and returns what writes it. The runtime calls prepare once
   * the previous call has resolved, and runs the returned writes in their own transactions, up
   * to a few at a time and committing in any order: they must not depend on each other.
   */
  prepare(events: readonly RecordedEvent[]): Promise<(tx: SqlExecutor) => Promise<void>>;
  /**
   * Writes whatever prepare kept back, in transactions of its own. The runtime calls it once
   * every write handed out so far has committed, before it switches to the generation; more
   * batches may follow.
   */
  flush(): Promise<void>;
  /** The rebuild stopped or failed: resolves once nothing the writer started is still writing. */
  abandon?(): Promise<void>;
}

/** Thrown by a projection to say which event it could not apply. */
export class ProjectionEventError extends Error {
  override readonly name = 'ProjectionEventError';
  readonly position: bigint;
  readonly eventType: string;
  readonly streamId: string;

  constructor(event: RecordedEvent, cause: unknown) {
    super(
      `cannot apply ${event.type} at position ${event.position} of ${event.streamId}: ${messageOf(cause)}`,
      { cause },
    );
    this.position = event.position;
    this.eventType = event.type;
    this.streamId = event.streamId;
  }
}

// Part of the projection runtime's API (the read models and the auditor take it from here).
export { quoteIdentifier } from '@ledger/sql';
