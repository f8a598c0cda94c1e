import { createHash } from 'node:crypto';
import { finished } from 'node:stream/promises';
import pg from 'pg';
import { from as copyFromStdin } from 'pg-copy-streams';
import {
  PG_TYPE,
  parseInt8,
  type QueryOptions,
  type SqlClient,
  type SqlExecutor,
  type SqlResult,
  type SqlSession,
} from './sql-client.js';

export interface PgClientOptions {
  connectionString: string;
  /** Pool size. Size it for the number of concurrent appends you want in flight. Default 10. */
  max?: number;
  /**
   * An idle pooled connection failed (server restart, network). The pool has already dropped
   * it and the next query opens a new one, so the default is to ignore it.
   */
  onIdleError?: (err: Error) => void;
}

// Per-pool parsers: pg.types.setTypeParser would change every pool in the process.
const types: pg.CustomTypesConfig = {
  getTypeParser: ((oid: number, format?: 'text' | 'binary') =>
    oid === PG_TYPE.int8 || oid === PG_TYPE.xid8
      ? parseInt8
      : pg.types.getTypeParser(oid, format ?? 'text')) as pg.CustomTypesConfig['getTypeParser'],
};

function toResult<R>(result: pg.QueryResult): SqlResult<R> {
  return { rows: result.rows as R[], rowCount: result.rowCount ?? result.rows.length };
}

/**
 * Named statements skip parsing and planning after their first use on a connection, which is
 * most of the server's CPU for a small append. The name is a hash of the text, so the same
 * text gets the same name on every connection and different texts never collide.
 */
class StatementNames {
  private readonly names = new Map<string, string>();

  config(text: string, values: unknown[], options?: QueryOptions): pg.QueryConfig {
    if (!options?.prepare) return { text, values };
    let name = this.names.get(text);
    if (name === undefined) {
      name = `ledger_${createHash('sha256').update(text).digest('hex').slice(0, 24)}`;
      this.names.set(text, name);
    }
    return { name, text, values };
  }
}

/** COPY … FROM STDIN on one connection: the rows go out as a stream the server reads to its end. */
async function copyOn(
  conn: pg.PoolClient | pg.Client,
  table: string,
  columns: readonly string[],
  rows: string,
): Promise<void> {
  const stream = conn.query(copyFromStdin(`COPY ${table} (${columns.join(', ')}) FROM STDIN`));
  stream.end(rows);
  await finished(stream);
}

/** A connection taken from the pool, until `release`; `lost` is the error that ended it, if one did. */
interface CheckedOut {
  conn: pg.PoolClient;
  lost(): Error | undefined;
  /** Back to the pool; with an error (or true), the connection is destroyed instead. */
  release(err?: Error | true): void;
}

/**
 * Takes a connection with an 'error' listener on it from the moment the pool hands it over. Without one, the
 * server dropping the connection would end the process with an unhandled 'error' event; with it, the next
 * statement fails instead. It is attached in the pool's own callback: the message that the server ended a new
 * connection can be parsed right after the one that made it ready, before a promise's continuation runs.
 */
function checkOut(pool: pg.Pool): Promise<CheckedOut> {
  return new Promise((resolve, reject) => {
    pool.connect((err, conn, done) => {
      if (err || !conn) {
        reject(err ?? new Error('the pool handed out no connection'));
        return;
      }
      let lost: Error | undefined;
      const onError = (error: Error) => {
        lost = error;
      };
      conn.on('error', onError);
      resolve({
        conn,
        lost: () => lost,
        release: (error) => {
          conn.removeListener('error', onError);
          done(error);
        },
      });
    });
  });
}

export function createPgClient(options: PgClientOptions): SqlClient {
  const pool = new pg.Pool({ connectionString: options.connectionString, max: options.max ?? 10, types });
  pool.on('error', (err) => options.onIdleError?.(err));
  const statements = new StatementNames();
  let closed: Promise<void> | undefined;

  return {
    dialect: 'pg',

    async query<R>(text: string, params: unknown[] = [], options?: QueryOptions) {
      return toResult<R>(await pool.query(statements.config(text, params, options)));
    },

    async copyFrom(table: string, columns: readonly string[], rows: string) {
      const held = await checkOut(pool);
      try {
        const gone = held.lost();
        if (gone) throw gone;
        await copyOn(held.conn, table, columns, rows);
        held.release();
      } catch (err) {
        // A COPY cut short leaves the connection in no state to reuse.
        held.release(err instanceof Error ? err : true);
        throw err;
      }
    },

    async transaction<T>(fn: (tx: SqlExecutor) => Promise<T>): Promise<T> {
      const { conn, lost, release } = await checkOut(pool);
      let open = true;
      const usable = () => {
        // A connection back in the pool belongs to someone else: fail instead of leaking into it.
        if (!open) throw new Error('transaction is already finished');
        const gone = lost();
        if (gone) throw gone;
      };
      const tx: SqlExecutor = {
        async query<R>(text: string, params: unknown[] = [], options?: QueryOptions) {
          usable();
          return toResult<R>(await conn.query(statements.config(text, params, options)));
        },
        async copyFrom(table: string, columns: readonly string[], rows: string) {
          usable();
          await copyOn(conn, table, columns, rows);
        },
      };
      try {
        await tx.query('BEGIN');
        const result = await fn(tx);
        await tx.query('COMMIT');
        open = false;
        release();
        return result;
      } catch (err) {
        open = false;
        try {
          const gone = lost();
          if (gone) throw gone;
          await conn.query('ROLLBACK');
          release();
        } catch (rollbackErr) {
          // The connection is in an unknown state: destroy it rather than return it to the pool.
          release(rollbackErr instanceof Error ? rollbackErr : true);
        }
        throw err;
      }
    },

    async session(): Promise<SqlSession> {
      const client = new pg.Client({ connectionString: options.connectionString, types, keepAlive: true });
      let closing = false;
      let markLost: (err: Error) => void = () => undefined;
      const lost = new Promise<Error>((resolve) => {
        markLost = resolve;
      });
      client.on('error', (err) => markLost(err));
      client.on('end', () => {
        if (!closing) markLost(new Error('the database session ended'));
      });
      await client.connect();
      return {
        lost,
        async query<R>(text: string, params: unknown[] = []) {
          return toResult<R>(await client.query(text, params));
        },
        copyFrom: (table: string, columns: readonly string[], rows: string) =>
          copyOn(client, table, columns, rows),
        async close() {
          closing = true;
          await client.end().catch(() => undefined);
        },
      };
    },

    close() {
      closed ??= pool.end();
      return closed;
    },
  };
}
