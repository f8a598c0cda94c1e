import type { SqlClient } from './sql-client.js';

/**
 * Runs idempotent DDL (CREATE … IF NOT EXISTS) in one transaction. Concurrent CREATE … IF NOT
 * EXISTS can still collide in the catalog, so processes starting together take turns on a lock.
 */
export async function migrate(
  sql: SqlClient,
  lockName: string,
  statements: readonly string[],
): Promise<void> {
  await sql.transaction(async (tx) => {
    await tx.query('SELECT pg_advisory_xact_lock(hashtext($1))', [lockName]);
    for (const statement of statements) await tx.query(statement);
  });
}
