import { migrate, type SqlClient } from '@ledger/sql';
import { IdempotencyConflictError } from './idempotency.errors.js';

export interface StoredAnswer {
  status: number;
  body: unknown;
}

export type Claim = { kind: 'claimed' } | { kind: 'replay'; answer: StoredAnswer };

/** A request left pending this long (its process died) may be taken over by a retry. */
const PENDING_LEASE_SECONDS = 60;

/**
 * Remembers the first successful answer per (caller, key). A key is claimed before the command
 * runs, so two concurrent retries cannot both append.
 */
export class IdempotencyStore {
  private readonly table: string;

  constructor(
    private readonly sql: SqlClient,
    schema: string,
  ) {
    this.table = `"${schema}".idempotency_keys`;
  }

  async migrate(): Promise<void> {
    await migrate(this.sql, [
      `CREATE TABLE IF NOT EXISTS ${this.table} (
        scope text NOT NULL,
        key text NOT NULL,
        fingerprint text NOT NULL,
        status integer,
        response jsonb,
        created_at timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (scope, key)
      )`,
    ]);
  }

  async claim(scope: string, key: string, fingerprint: string): Promise<Claim> {
    const inserted = await this.sql.query(
      `INSERT INTO ${this.table} (scope, key, fingerprint) VALUES ($1, $2, $3)
       ON CONFLICT (scope, key) DO UPDATE SET fingerprint = EXCLUDED.fingerprint, created_at = now()
         WHERE ${this.table}.status IS NULL
           AND ${this.table}.created_at < now() - make_interval(secs => ${PENDING_LEASE_SECONDS})
       RETURNING key`,
      [scope, key, fingerprint],
    );
    if (inserted.rowCount === 1) return { kind: 'claimed' };
    const { rows } = await this.sql.query<{ fingerprint: string; status: number | null; response: unknown }>(
      `SELECT fingerprint, status, response FROM ${this.table} WHERE scope = $1 AND key = $2`,
      [scope, key],
    );
    const row = rows[0];
    if (!row) return this.claim(scope, key, fingerprint); // purged in between
    if (row.fingerprint !== fingerprint) {
      throw new IdempotencyConflictError(
        422,
        'idempotency-key-reused',
        'This Idempotency-Key was already used with a different request; use a new key for a new request.',
      );
    }
    if (row.status === null) {
      throw new IdempotencyConflictError(
        409,
        'idempotency-key-in-progress',
        'A request with this Idempotency-Key is still being processed; retry shortly.',
      );
    }
    return { kind: 'replay', answer: { status: row.status, body: row.response } };
  }

  async complete(scope: string, key: string, answer: StoredAnswer): Promise<void> {
    await this.sql.query(
      `UPDATE ${this.table} SET status = $3, response = $4 WHERE scope = $1 AND key = $2`,
      [scope, key, answer.status, JSON.stringify(answer.body)],
    );
  }

  /** Nothing was appended (the request failed), so the key may be used again. */
  async release(scope: string, key: string): Promise<void> {
    await this.sql.query(`DELETE FROM ${this.table} WHERE scope = $1 AND key = $2 AND status IS NULL`, [
      scope,
      key,
    ]);
  }

  async purgeOlderThan(hours: number): Promise<number> {
    const { rowCount } = await this.sql.query(
      `DELETE FROM ${this.table} WHERE created_at < now() - make_interval(hours => $1)`,
      [hours],
    );
    return rowCount;
  }
}
