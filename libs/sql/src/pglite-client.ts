import { mkdir } from 'node:fs/promises';
import { resolve } from 'node:path';
import { PGlite, type Results, type Transaction } from '@electric-sql/pglite';
import { lockDataDir } from './data-dir-lock.js';
import { Mutex } from './mutex.js';
import {
  PG_TYPE,
  parseInt8,
  type SqlClient,
  type SqlExecutor,
  type SqlResult,
  type SqlSession,
} from './sql-client.js';

export interface PgliteClientOptions {
  /** A folder for the database files, created if missing. Undefined keeps everything in memory. */
  dataDir?: string;
}

function toResult<R>(result: Results<R>): SqlResult<R> {
  return { rows: result.rows, rowCount: result.rowCount ?? result.rows.length };
}

/** PGlite reads COPY … FROM '/dev/blob' from the blob passed with the statement. */
async function copyOn(
  db: PGlite | Transaction,
  table: string,
  columns: readonly string[],
  rows: string,
): Promise<void> {
  await db.query(`COPY ${table} (${columns.join(', ')}) FROM '/dev/blob'`, [], { blob: new Blob([rows]) });
}

export async function createPgliteClient(options: PgliteClientOptions = {}): Promise<SqlClient> {
  let dataDir: string | undefined;
  let unlock = async (): Promise<void> => undefined;
  if (options.dataDir !== undefined) {
    dataDir = resolve(options.dataDir);
    await mkdir(dataDir, { recursive: true });
    unlock = await lockDataDir(dataDir);
  }
  let db: PGlite;
  try {
    db = await PGlite.create({
      ...(dataDir === undefined ? {} : { dataDir }),
      parsers: { [PG_TYPE.int8]: parseInt8, [PG_TYPE.xid8]: parseInt8 },
    });
  } catch (err) {
    await unlock();
    throw err;
  }
  // PGlite is one connection: a statement from one caller must never land inside another
  // caller's transaction. PGlite queues internally too; this lock makes that guarantee ours.
  const lock = new Mutex();
  let closed: Promise<void> | undefined;

  return {
    dialect: 'pglite',

    query<R>(text: string, params: unknown[] = []) {
      return lock.run(async () => toResult(await db.query<R>(text, params)));
    },

    copyFrom(table: string, columns: readonly string[], rows: string) {
      return lock.run(() => copyOn(db, table, columns, rows));
    },

    transaction<T>(fn: (tx: SqlExecutor) => Promise<T>): Promise<T> {
      return lock.run(() =>
        db.transaction((pgliteTx) =>
          fn({
            async query<R>(text: string, params: unknown[] = []) {
              return toResult(await pgliteTx.query<R>(text, params));
            },
            copyFrom: (table: string, columns: readonly string[], rows: string) =>
              copyOn(pgliteTx, table, columns, rows),
          }),
        ),
      );
    },

    async session(): Promise<SqlSession> {
      return {
        // Its one session ends only with the process.
        lost: new Promise<Error>(() => undefined),
        query: <R>(text: string, params: unknown[] = []) =>
          lock.run(async () => toResult(await db.query<R>(text, params))),
        copyFrom: (table: string, columns: readonly string[], rows: string) =>
          lock.run(() => copyOn(db, table, columns, rows)),
        close: async () => undefined,
      };
    },

    close() {
      closed ??= lock.run(async () => {
        await db.close();
        await unlock();
      });
      return closed;
    },
  };
}
