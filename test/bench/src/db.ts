import pg from 'pg';

/**
 * Every schema the store and HTTP parts create starts with this, and every schema of the rebuild
 * part with REBUILD_SCHEMA_PREFIX; nothing else in the database is touched.
 */
export const SCHEMA_PREFIX = 'ledger_bench_';
/** Apart from SCHEMA_PREFIX, so that a store or HTTP run never drops a rebuild's schemas, nor the reverse. */
export const REBUILD_SCHEMA_PREFIX = 'ledger_rebuild_bench_';

/** The schemas of each part, whichever run created them: `<prefix><run id>_<suffix>`. */
export const PART_SCHEMAS = {
  store: new RegExp(`^${SCHEMA_PREFIX}[a-z0-9]+_(ledger|emmett|bare)$`),
  http: new RegExp(`^${SCHEMA_PREFIX}[a-z0-9]+_http$`),
  kafka: new RegExp(`^${SCHEMA_PREFIX}[a-z0-9]+_kafka$`),
  rebuild: new RegExp(`^${REBUILD_SCHEMA_PREFIX}[a-z0-9]+_(store|rm|plain|floor)$`),
  // In memory: no schema of its own.
  verify: /^$^/,
} as const;
export type Part = keyof typeof PART_SCHEMAS;

/** The concurrency every store line runs with, and the pool size each line gets. */
export const WRITERS = 16;

export interface ServerInfo {
  version: string;
  settings: Record<string, string>;
}

/** A one-connection client for set-up, tear-down and CHECKPOINT, outside the measured pools. */
export class Admin {
  private constructor(private readonly client: pg.Client) {}

  static async connect(connectionString: string): Promise<Admin> {
    const client = new pg.Client({ connectionString });
    await client.connect();
    return new Admin(client);
  }

  async query(text: string, params: unknown[] = []): Promise<pg.QueryResult> {
    return this.client.query(text, params);
  }

  async serverInfo(): Promise<ServerInfo> {
    const version = (await this.query('SHOW server_version')).rows[0].server_version as string;
    const names = [
      'synchronous_commit',
      'fsync',
      'wal_level',
      'shared_buffers',
      'max_wal_size',
      'max_connections',
    ];
    const rows = (
      await this.query('SELECT name, setting, unit FROM pg_settings WHERE name = ANY($1)', [names])
    ).rows as { name: string; setting: string; unit: string | null }[];
    const settings = Object.fromEntries(
      rows.map((r) => [r.name, r.unit ? `${r.setting} ${r.unit}` : r.setting]),
    );
    return { version, settings };
  }

  /**
   * Drops the benchmark's schemas that are named in `which` or whose whole name matches it: a
   * part's own schemas, of this run or of an earlier one that crashed. Never a schema of a part
   * that is not running: another benchmark may be using the server.
   */
  async dropBenchSchemas(which: readonly string[] | RegExp): Promise<void> {
    const rows = (
      await this.query(
        `SELECT nspname FROM pg_namespace WHERE starts_with(nspname, $1) OR starts_with(nspname, $2)`,
        [SCHEMA_PREFIX, REBUILD_SCHEMA_PREFIX],
      )
    ).rows as { nspname: string }[];
    for (const { nspname } of rows) {
      if (Array.isArray(which) ? !which.includes(nspname) : !(which as RegExp).test(nspname)) continue;
      await this.query(`DROP SCHEMA ${quoteIdent(nspname)} CASCADE`);
    }
  }

  /** Flushes dirty pages before a line so that no line pays for the previous line's checkpoint. */
  async checkpoint(): Promise<void> {
    try {
      await this.query('CHECKPOINT');
    } catch {
      // Needs superuser or pg_checkpoint; without it the lines simply share the checkpoint cost.
    }
  }

  async close(): Promise<void> {
    await this.client.end();
  }
}

export function quoteIdent(name: string): string {
  return `"${name.replace(/"/g, '""')}"`;
}

/** `postgres://user:secret@host/db` → `postgres://user@host/db` for printing. */
export function describeUrl(url: string): string {
  try {
    const parsed = new URL(url);
    parsed.password = '';
    return parsed.toString();
  } catch {
    return '(unparseable DATABASE_URL)';
  }
}
