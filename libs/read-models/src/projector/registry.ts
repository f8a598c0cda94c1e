import type { SqlClient, SqlExecutor } from '@ledger/sql';

/**
 * - running: following the log;
 * - rebuilding: a new version is being built; the views serve the old one, frozen;
 * - retrying: the database failed under it; it tries again with backoff (see error);
 * - failed: stopped on an event it could not apply (see error and errorPosition);
 * - stopped: nobody follows the log.
 */
export type ProjectionStatus = 'running' | 'rebuilding' | 'retrying' | 'failed' | 'stopped';

export interface ProjectionState {
  readonly name: string;
  /** Version of the projection the active generation was built by. */
  readonly version: number;
  /** The generation the views point at. */
  readonly generation: number;
  /** Position of the last event applied to the active generation (0 before the first). */
  readonly checkpoint: bigint;
  readonly status: ProjectionStatus;
  readonly error: string | null;
  /** Position of the event that could not be applied. */
  readonly errorPosition: bigint | null;
  /** Generation a rebuild is writing, while one is under way. */
  readonly rebuildGeneration: number | null;
  readonly updatedAt: Date;
}

interface RegistryRow {
  name: string;
  last_generation: number;
  version: number;
  generation: number;
  checkpoint: bigint;
  status: ProjectionStatus;
  error: string | null;
  error_position: bigint | null;
  rebuild_generation: number | null;
  updated_at: Date;
}

const PREPARED = { prepare: true } as const;
/** Named, not `*`: a prepared `SELECT *` breaks once a later release adds a column. */
const COLUMNS =
  'name, version, generation, checkpoint, status, error, error_position, rebuild_generation, last_generation, updated_at';

/** One row per projection in `<schema>.projections`: where it stands and what went wrong. */
export class Registry {
  private readonly table: string;

  constructor(
    private readonly sql: SqlClient,
    quotedSchema: string,
    private readonly name: string,
  ) {
    this.table = `${quotedSchema}.projections`;
  }

  ddl(): string[] {
    return [
      `CREATE TABLE IF NOT EXISTS ${this.table} (
        name text PRIMARY KEY,
        version int NOT NULL,
        generation int NOT NULL,
        checkpoint bigint NOT NULL,
        status text NOT NULL,
        error text,
        error_position bigint,
        rebuild_generation int,
        last_generation int NOT NULL,
        updated_at timestamptz NOT NULL DEFAULT now()
      )`,
    ];
  }

  /** A new projection starts at generation 1, before the first event. */
  async register(tx: SqlExecutor, version: number): Promise<ProjectionState> {
    await tx.query(
      `INSERT INTO ${this.table} (name, version, generation, checkpoint, status, last_generation)
       VALUES ($1, $2, 1, 0, 'stopped', 1) ON CONFLICT (name) DO NOTHING`,
      [this.name, version],
    );
    return this.read(tx);
  }

  async read(executor: SqlExecutor = this.sql): Promise<ProjectionState> {
    const { rows } = await executor.query<RegistryRow>(
      `SELECT ${COLUMNS} FROM ${this.table} WHERE name = $1`,
      [this.name],
      PREPARED,
    );
    return toState(this.name, rows[0]);
  }

  /** Reads the row and holds it until `tx` ends: batches and switches take turns on it. */
  async lock(tx: SqlExecutor): Promise<ProjectionState> {
    const { rows } = await tx.query<RegistryRow>(
      `SELECT ${COLUMNS} FROM ${this.table} WHERE name = $1 FOR UPDATE`,
      [this.name],
    );
    return toState(this.name, rows[0]);
  }

  /**
   * Moves the checkpoint inside a batch's transaction, only if nobody else moved it or switched
   * generations meanwhile (another process, or a rebuild). False means: resynchronise.
   */
  async advance(tx: SqlExecutor, generation: number, from: bigint, to: bigint): Promise<boolean> {
    const { rows } = await tx.query(
      `UPDATE ${this.table} SET checkpoint = $4, updated_at = now()
       WHERE name = $1 AND generation = $2 AND checkpoint = $3 RETURNING 1`,
      [this.name, generation, from, to],
      PREPARED,
    );
    return rows.length === 1;
  }

  /** Running or rebuilding clears a recorded failure: the projection is trying again. */
  async setStatus(status: 'running' | 'rebuilding'): Promise<void> {
    await this.sql.query(
      `UPDATE ${this.table} SET status = $2, error = NULL, error_position = NULL, updated_at = now()
       WHERE name = $1`,
      [this.name, status],
    );
  }

  /** A failure stays recorded after a stop, so that it is still visible. */
  async markStopped(): Promise<void> {
    await this.sql.query(
      `UPDATE ${this.table} SET status = 'stopped', updated_at = now()
       WHERE name = $1 AND status IN ('running', 'rebuilding', 'retrying')`,
      [this.name],
    );
  }

  async recordRetry(error: string): Promise<void> {
    await this.sql.query(
      `UPDATE ${this.table} SET status = 'retrying', error = $2, error_position = NULL, updated_at = now()
       WHERE name = $1`,
      [this.name, error],
    );
  }

  async recordFailure(error: string, position: bigint | null): Promise<void> {
    await this.sql.query(
      `UPDATE ${this.table} SET status = 'failed', error = $2, error_position = $3, updated_at = now()
       WHERE name = $1`,
      [this.name, error, position],
    );
  }

  /**
   * Takes the next generation number for a rebuild. Numbers are never reused, even after an
   * abandoned rebuild: a prepared statement naming a table must never meet another table of
   * that name (with other columns, it would fail).
   */
  async claimRebuild(): Promise<{ generation: number; active: number }> {
    const { rows } = await this.sql.query<{ generation: number; active: number }>(
      `UPDATE ${this.table}
       SET last_generation = last_generation + 1, rebuild_generation = last_generation + 1, updated_at = now()
       WHERE name = $1 RETURNING rebuild_generation AS generation, generation AS active`,
      [this.name],
    );
    const row = rows[0];
    if (!row) throw new Error(`projection ${this.name} is not registered`);
    return row;
  }

  async releaseRebuild(generation: number): Promise<void> {
    await this.sql.query(
      `UPDATE ${this.table} SET rebuild_generation = NULL, updated_at = now()
       WHERE name = $1 AND rebuild_generation = $2`,
      [this.name, generation],
    );
  }

  async switchTo(
    tx: SqlExecutor,
    target: { generation: number; checkpoint: bigint; version: number; status: ProjectionStatus },
  ): Promise<void> {
    await tx.query(
      `UPDATE ${this.table}
       SET generation = $2, checkpoint = $3, version = $4, status = $5, rebuild_generation = NULL,
           error = NULL, error_position = NULL, updated_at = now()
       WHERE name = $1`,
      [this.name, target.generation, target.checkpoint, target.version, target.status],
    );
  }
}

function toState(name: string, row: RegistryRow | undefined): ProjectionState {
  if (!row) throw new Error(`projection ${name} is not registered`);
  return {
    name: row.name,
    version: row.version,
    generation: row.generation,
    checkpoint: row.checkpoint,
    status: row.status,
    error: row.error,
    errorPosition: row.error_position,
    rebuildGeneration: row.rebuild_generation,
    updatedAt: row.updated_at,
  };
}
