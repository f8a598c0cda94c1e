import { quoteSchema } from '@ledger/event-store';
import { migrate, type SqlClient } from '@ledger/sql';

/**
 * - running: publishing, or waiting for new events;
 * - retrying: Kafka or the store does not answer; the relay tries again with backoff;
 * - failed: an event cannot be published at all (see error); it waits for a fix and a restart;
 * - stopped: nobody relays.
 */
export type RelayStatus = 'running' | 'retrying' | 'failed' | 'stopped';

export interface RelayState {
  readonly name: string;
  /** Position of the last event Kafka acknowledged (0 before the first). */
  readonly checkpoint: bigint;
  readonly status: RelayStatus;
  readonly error: string | null;
  /** Position of the first event not yet acknowledged while retrying or failed. */
  readonly errorPosition: bigint | null;
  readonly updatedAt: Date;
}

interface Row {
  name: string;
  checkpoint: bigint;
  status: RelayStatus;
  error: string | null;
  error_position: bigint | null;
  updated_at: Date;
}

const PREPARED = { prepare: true } as const;

/**
 * One row per relay in `<schema>.kafka_relays`: its checkpoint, and its health where every
 * process can read it (ledger-api reports on a relay that runs elsewhere).
 */
export class RelayCheckpoints {
  private readonly schema: string;
  private readonly table: string;

  constructor(
    private readonly sql: SqlClient,
    schema: string,
    readonly name: string,
  ) {
    this.schema = quoteSchema(schema);
    this.table = `${this.schema}.kafka_relays`;
  }

  async migrate(): Promise<void> {
    await migrate(this.sql, [
      `CREATE SCHEMA IF NOT EXISTS ${this.schema}`,
      `CREATE TABLE IF NOT EXISTS ${this.table} (
        name text PRIMARY KEY,
        checkpoint bigint NOT NULL DEFAULT 0,
        status text NOT NULL DEFAULT 'stopped',
        error text,
        error_position bigint,
        updated_at timestamptz NOT NULL DEFAULT now()
      )`,
    ]);
    await this.sql.query(`INSERT INTO ${this.table} (name) VALUES ($1) ON CONFLICT (name) DO NOTHING`, [
      this.name,
    ]);
  }

  async read(): Promise<RelayState> {
    const { rows } = await this.sql.query<Row>(
      `SELECT name, checkpoint, status, error, error_position, updated_at FROM ${this.table} WHERE name = $1`,
      [this.name],
      PREPARED,
    );
    const row = rows[0];
    if (!row) throw new Error(`relay ${this.name} is not registered`);
    return {
      name: row.name,
      checkpoint: row.checkpoint,
      status: row.status,
      error: row.error,
      errorPosition: row.error_position,
      updatedAt: row.updated_at,
    };
  }

  /** Checkpoints only move forward, whoever writes them. */
  async advance(to: bigint): Promise<void> {
    await this.sql.query(
      `UPDATE ${this.table} SET checkpoint = GREATEST(checkpoint, $2), status = 'running', error = NULL,
         error_position = NULL, updated_at = now()
       WHERE name = $1`,
      [this.name, to],
      PREPARED,
    );
  }

  /** Only a running or retrying relay becomes stopped: a failure stays recorded. */
  async markStopped(): Promise<void> {
    await this.sql.query(
      `UPDATE ${this.table} SET status = 'stopped', updated_at = now()
       WHERE name = $1 AND status IN ('running', 'retrying')`,
      [this.name],
    );
  }

  async setStatus(
    status: RelayStatus,
    error: string | null = null,
    position: bigint | null = null,
  ): Promise<void> {
    await this.sql.query(
      `UPDATE ${this.table} SET status = $2, error = $3, error_position = $4, updated_at = now() WHERE name = $1`,
      [this.name, status, error, position],
    );
  }
}
