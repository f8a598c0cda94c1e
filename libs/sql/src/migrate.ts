import type { SqlClient, SqlExecutor } from './sql-client.js';

/**
 * Takes the database-wide migration lock until the transaction ends. Concurrent CREATE … IF NOT EXISTS can still
 * collide in the catalog (two creators of one schema both find it missing), and components of one process migrate
 * at the same time, so every migration in a database takes its turn on the same lock.
 */
export async function lockMigrations(tx: SqlExecutor): Promise<void> {
  await tx.query(`SELECT pg_advisory_xact_lock(hashtext('ledger.migrate'))`);
}

/** Runs idempotent DDL (CREATE … IF NOT EXISTS) in one transaction, under the migration lock. */
export async function migrate(sql: SqlClient, statements: readonly string[]): Promise<void> {
  await sql.transaction(async (tx) => {
    await lockMigrations(tx);
    for (const statement of statements) await tx.query(statement);
  });
}
