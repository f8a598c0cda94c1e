export * from './sql-client.js';
export { quoteIdentifier } from './identifier.js';
export { Mutex } from './mutex.js';
export { createPgClient, type PgClientOptions } from './pg-client.js';
export { createPgliteClient, type PgliteClientOptions } from './pglite-client.js';
export { createSqlClient, type SqlClientOptions } from './create-sql-client.js';
export { lockMigrations, migrate } from './migrate.js';
export {
  runWhileLeased,
  startLeased,
  type LeasedWork,
  type LeaseLogger,
  type LeaseOptions,
} from './lease.js';
export { backoffDelay, InterruptiblePause, messageOf, type BackoffOptions } from './retry.js';
export { copyEscape, copyText, copyValue, type CopyType } from './copy-text.js';
export { DataDirInUseError } from './data-dir-lock.js';
