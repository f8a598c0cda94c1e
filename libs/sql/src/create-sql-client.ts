import { createPgClient } from './pg-client.js';
import { createPgliteClient } from './pglite-client.js';
import type { SqlClient } from './sql-client.js';

export interface SqlClientOptions {
  /** Pool size for a PostgreSQL server; PGlite always has one connection. */
  max?: number;
}

/**
 * `postgres://…` or `postgresql://…` opens a pool to a server; `pglite://memory` an in-memory
 * PGlite; `pglite://<folder>` (e.g. `pglite://./data/ledger`, relative to the working
 * directory, or `pglite:///var/lib/ledger`) a PGlite stored in that folder.
 */
export async function createSqlClient(url: string, options: SqlClientOptions = {}): Promise<SqlClient> {
  const scheme = /^([a-z][a-z0-9+.-]*):\/\//i.exec(url)?.[1]?.toLowerCase();
  switch (scheme) {
    case 'postgres':
    case 'postgresql':
      return createPgClient({
        connectionString: url,
        ...(options.max === undefined ? {} : { max: options.max }),
      });
    case 'pglite': {
      const location = url.slice('pglite://'.length);
      if (location === '')
        throw new Error('pglite:// needs a location: pglite://memory or pglite://<folder>');
      return createPgliteClient(location === 'memory' ? {} : { dataDir: location });
    }
    default:
      throw new Error(
        `unsupported database URL scheme in "${redact(url)}": use postgres://, postgresql:// or pglite://`,
      );
  }
}

/** Keeps passwords out of error messages. */
function redact(url: string): string {
  return url.replace(/\/\/([^:/@]*):[^@/]*@/, '//$1:***@');
}
