/**
 * Starts the real ledger API (real event store, real database) on a free port for end-to-end
 * tests, on embedded PGlite or on the PostgreSQL server in a schema of its own.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadConfig, type LedgerConfig } from '@ledger/config';
import { ensureDevSigningKey, mintToken, type Role } from '@ledger/auth';
import { createSqlClient, type SqlClient } from '@ledger/sql';
import { EVENT_STORE, type EventStore } from '@ledger/event-store';
import { createLedgerApp } from '../../apps/ledger-api/src/app.js';
import {
  IN_MEMORY,
  SQL_CLIENT,
} from '../../apps/ledger-api/src/infrastructure/persistence/persistence.module.js';
import { isSkipped, resolvePostgres, uniqueSchemaName } from './infra.js';

export type Backend = { name: 'pglite' } | { name: 'postgres'; url: string };

export interface HttpAnswer<T = any> {
  status: number;
  body: T;
  headers: Headers;
}

export interface RunningLedger {
  url: string;
  config: LedgerConfig;
  /** The ledger's own database connection (PGlite or server), to look at what it stored. */
  sql: SqlClient;
  /** The ledger's event store, to check what a request appended (see `ledgerRecords` in ledger-records.ts). */
  store: EventStore;
  token(agencyId: string, role: Role | `${Role}`, userId?: string): Promise<string>;
  request<T = any>(
    method: string,
    path: string,
    options?: { token?: string; body?: unknown; rawBody?: string; headers?: Record<string, string> },
  ): Promise<HttpAnswer<T>>;
  close(): Promise<void>;
}

/**
 * The backends every end-to-end suite runs on: always embedded PGlite, and the PostgreSQL server
 * when one can be found (DATABASE_URL, or a container), otherwise one line says why not.
 */
export async function ledgerBackends(): Promise<Backend[]> {
  const postgres = await resolvePostgres();
  if (isSkipped(postgres)) {
    console.log(postgres.skip);
    return [{ name: 'pglite' }];
  }
  return [{ name: 'pglite' }, { name: 'postgres', url: postgres.url }];
}

/** `extraEnv` adds settings, such as KAFKA_BROKERS. */
export async function startLedger(
  backend: Backend,
  extraEnv: Record<string, string> = {},
): Promise<RunningLedger> {
  const dataDir = await mkdtemp(join(tmpdir(), 'ledger-e2e-'));
  // A second replica of a running ledger shares its schema (LEDGER_DB_SCHEMA in extraEnv); the first one drops it.
  const schema = extraEnv.LEDGER_DB_SCHEMA ?? uniqueSchemaName('e2e');
  const ownsSchema = extraEnv.LEDGER_DB_SCHEMA === undefined;
  const env = {
    LEDGER_DATA_DIR: dataDir,
    LEDGER_DB_SCHEMA: schema,
    PORT: '0',
    READ_YOUR_WRITES_TIMEOUT_MS: '1000',
    ...(backend.name === 'postgres' ? { DATABASE_URL: backend.url, DATABASE_POOL_SIZE: '24' } : {}),
    ...extraEnv,
  };
  const loaded = loadConfig(env);
  const config: LedgerConfig =
    loaded.database.kind === 'embedded'
      ? { ...loaded, database: { kind: 'embedded', dataDir: IN_MEMORY } }
      : loaded;
  const app = await createLedgerApp(config, { logger: false });
  await app.listen(0, '127.0.0.1');
  const address = app.getHttpServer().address() as { port: number };
  const url = `http://127.0.0.1:${address.port}`;
  const key = await ensureDevSigningKey(dataDir);

  return {
    url,
    config,
    store: app.get<EventStore>(EVENT_STORE),
    sql: app.get<SqlClient>(SQL_CLIENT),
    token: (agencyId, role, userId) =>
      mintToken({
        privateKeyPem: key.privateKeyPem,
        issuer: config.auth.issuer,
        audience: config.auth.audience,
        userId: userId ?? `${role}@${agencyId}`,
        agencyId,
        role: role as Role,
      }),
    async request(method, path, options = {}) {
      const headers: Record<string, string> = { ...options.headers };
      if (options.token) headers.authorization = `Bearer ${options.token}`;
      let body: string | undefined = options.rawBody;
      if (options.body !== undefined) {
        body = JSON.stringify(options.body);
        headers['content-type'] ??= 'application/json';
      }
      const response = await fetch(`${url}${path}`, { method, headers, body });
      const text = await response.text();
      let parsed: unknown = text;
      try {
        parsed = text === '' ? undefined : JSON.parse(text);
      } catch {
        // not JSON: keep the text
      }
      return { status: response.status, body: parsed as any, headers: response.headers };
    },
    async close() {
      await app.close();
      if (backend.name === 'postgres' && ownsSchema) {
        const sql = await createSqlClient(backend.url);
        await sql.query(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`);
        await sql.close();
      }
      await rm(dataDir, { recursive: true, force: true });
    },
  };
}
