/**
 * The floor under any rebuild of the statistics on this machine: the log read as the rebuild reads it
 * while, at the same time, the rows the rebuild ends up with are loaded, already in COPY text, into empty
 * tables of the projection's DDL (constraints first, CREATE INDEX once the rows are in, as a rebuild
 * does). Nothing is computed, looked up or encoded: a rebuild that produces these tables cannot be faster.
 */
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import pg from 'pg';
import { from as copyFromStdin, to as copyToStdout } from 'pg-copy-streams';
import { isCreateIndex, STATISTICS_TABLES } from '@ledger/read-models';
import { quoteIdent } from './db.js';

/** COPY text per table, in the chunks the server sent it. */
export type TableRows = ReadonlyMap<string, readonly Buffer[]>;

/** Statements loading the rows run side by side on this many connections, as the rebuild's flushes do. */
const LOADERS = 3;

/** The rows of every statistics table of `schema` (its views: the active generation), as COPY text. */
export async function exportRows(url: string, schema: string): Promise<TableRows> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    const rows = new Map<string, Buffer[]>();
    for (const name of Object.keys(STATISTICS_TABLES)) {
      const chunks: Buffer[] = [];
      const stream = client.query(
        copyToStdout(`COPY (SELECT * FROM ${quoteIdent(schema)}.${quoteIdent(name)}) TO STDOUT`),
      );
      for await (const chunk of stream) chunks.push(chunk as Buffer);
      rows.set(name, chunks);
    }
    return rows;
  } finally {
    await client.end();
  }
}

/** Loads `rows` into `schema`: CREATE INDEX statements, then the rows, then those indexes. */
export class FloorLoader {
  private constructor(
    private readonly clients: readonly pg.Client[],
    private readonly schema: string,
    private readonly indexes: readonly string[],
  ) {}

  /**
   * Creates `schema` with the tables (no CREATE INDEX yet) and opens the loading connections, named
   * `applicationName`, so that their backends exist before the timing starts.
   */
  static async prepare(url: string, schema: string): Promise<FloorLoader> {
    const clients = Array.from({ length: LOADERS }, () => new pg.Client({ connectionString: url }));
    await Promise.all(clients.map((client) => client.connect()));
    const [first] = clients as [pg.Client];
    const s = quoteIdent(schema);
    await first.query(`DROP SCHEMA IF EXISTS ${s} CASCADE`);
    await first.query(`CREATE SCHEMA ${s}`);
    const indexes: string[] = [];
    for (const [name, ddl] of Object.entries(STATISTICS_TABLES)) {
      for (const statement of ddl(`${s}.${quoteIdent(name)}`)) {
        if (isCreateIndex(statement)) indexes.push(statement);
        else await first.query(statement);
      }
    }
    return new FloorLoader(clients, schema, indexes);
  }

  /** The largest tables first, so that the connections finish together. */
  async load(rows: TableRows): Promise<void> {
    const size = (name: string) => (rows.get(name) ?? []).reduce((sum, chunk) => sum + chunk.length, 0);
    const names = [...rows.keys()].sort((a, b) => size(b) - size(a));
    let next = 0;
    const copy = async (client: pg.Client) => {
      for (let name = names[next++]; name !== undefined; name = names[next++]) {
        const stream = client.query(
          copyFromStdin(`COPY ${quoteIdent(this.schema)}.${quoteIdent(name)} FROM STDIN`),
        );
        await pipeline(Readable.from(rows.get(name) ?? []), stream);
      }
    };
    await Promise.all(this.clients.map(copy));
    next = 0;
    const index = async (client: pg.Client) => {
      for (let statement = this.indexes[next++]; statement; statement = this.indexes[next++]) {
        await client.query(statement);
      }
    };
    await Promise.all(this.clients.map(index));
  }

  async close(): Promise<void> {
    await Promise.allSettled(this.clients.map((client) => client.end()));
  }
}
