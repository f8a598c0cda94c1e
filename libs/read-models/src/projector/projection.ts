import type { RecordedEvent } from '@ledger/event-store';
import type { SqlExecutor } from '@ledger/sql';

/**
 * Statements that create one physical table, given its schema-qualified, quoted name. Leave
 * constraints and indexes unnamed: PostgreSQL derives their names from the table's, so every
 * generation gets its own.
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

export function messageOf(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}

const IDENTIFIER = /^[a-z_][a-z0-9_]{0,62}$/;

/** Identifiers cannot be bound as parameters, so names are checked before they are quoted. */
export function quoteIdentifier(name: string, what = 'identifier'): string {
  if (!IDENTIFIER.test(name)) throw new TypeError(`${what} must match ${IDENTIFIER.source}, got "${name}"`);
  return `"${name}"`;
}
