/**
 * What the read-model integration tests share: a database (PGlite always, a PostgreSQL server
 * when one is available), the fixture history, and a way to compare read models.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { once } from 'node:events';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, it } from '@jest/globals';
import { createPostgresEventStore, type EventData, type EventStore } from '@ledger/event-store';
import {
  createProjector,
  statisticsProjection,
  STATISTICS_TABLES,
  type Projection,
  type Projector,
  type ProjectorOptions,
} from '@ledger/read-models';
import { createPgClient, createPgliteClient, type SqlClient } from '@ledger/sql';
import { september2022Appends } from '../../libs/read-models/src/statistics/september-2022.spec-helper.js';
import { isSkipped, resolvePostgres, uniqueSchemaName } from '../support/infra.js';
import { bigintAsText } from '../support/json.js';
import { sleep, until } from '../support/wait.js';

export interface TestDatabase {
  readonly name: string;
  readonly sql: SqlClient;
  readonly store: EventStore;
  /** A fresh schema for read models, dropped at the end. */
  newSchema(): string;
}

/** The PostgreSQL server every test file here shares (resolved once per file), or why there is none. */
export const postgres = await resolvePostgres();
let stopPostgres: Promise<void> | undefined;

/** Stops a server this file started (a container); one from DATABASE_URL keeps running. */
export function releasePostgres(): Promise<void> {
  if (isSkipped(postgres)) return Promise.resolve();
  stopPostgres ??= postgres.stop();
  return stopPostgres;
}

/** Runs `body` once on an in-memory PGlite and once on a PostgreSQL server, or says why not. */
export function describeOnDatabases(title: string, body: (db: () => TestDatabase) => void): void {
  describeOn(`${title} (PGlite)`, 'PGlite', () => createPgliteClient(), body);
  if (isSkipped(postgres)) {
    console.log(postgres.skip);
    describe.skip(`${title} (PostgreSQL server: ${postgres.skip})`, () => {
      it('needs a PostgreSQL server', () => undefined);
    });
    return;
  }
  const url = postgres.url;
  describeOn(
    `${title} (PostgreSQL server)`,
    'PostgreSQL',
    // More connections than concurrent writers: the projector never waits for one.
    async () => createPgClient({ connectionString: url, max: 24 }),
    body,
  );
  afterAll(() => releasePostgres());
}

/** Runs `body` with the PostgreSQL server's URL, or says why not. */
export function describeOnServer(title: string, body: (url: string) => void): void {
  if (isSkipped(postgres)) {
    console.log(postgres.skip);
    describe.skip(`${title} (${postgres.skip})`, () => {
      it('needs a PostgreSQL server', () => undefined);
    });
    return;
  }
  const { url } = postgres;
  describe(title, () => {
    body(url);
    afterAll(() => releasePostgres());
  });
}

/** The same server, with connections that show up under `name` in pg_stat_activity. */
export function withApplicationName(url: string, name: string): string {
  const parsed = new URL(url);
  parsed.searchParams.set('application_name', name);
  return parsed.toString();
}

function describeOn(
  title: string,
  name: string,
  open: () => Promise<SqlClient>,
  body: (db: () => TestDatabase) => void,
): void {
  describe(title, () => {
    let db: TestDatabase | undefined;
    const schemas: string[] = [];
    beforeAll(async () => {
      const sql = await open();
      const storeSchema = uniqueSchemaName('rm_store');
      schemas.push(storeSchema);
      const store = await createPostgresEventStore(sql, { schema: storeSchema });
      db = {
        name,
        sql,
        store,
        newSchema() {
          const schema = uniqueSchemaName('rm');
          schemas.push(schema);
          return schema;
        },
      };
    });
    // After the body's own hooks: Jest runs a block's afterAll hooks in the order they were declared.
    body(() => {
      if (!db) throw new Error('the database is not open yet');
      return db;
    });
    afterAll(async () => {
      if (!db) return;
      await db.store.close();
      for (const schema of schemas) await db.sql.query(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`);
      await db.sql.close();
    });
  });
}

/**
 * Appends, then waits until subscribers can see the events: a PostgreSQL server shows an append
 * only once every older transaction in the cluster has ended, and a test that compares read
 * models must not compare a log that is still filling in.
 */
export async function append(store: EventStore, streamId: string, events: EventData[]): Promise<bigint> {
  const { position } = await store.appendToStream(streamId, events);
  await until(`position ${position} is visible`, async () => (await store.headPosition()) >= position);
  return position;
}

/** Appends the September 2022 history; returns the position of its last event. */
export async function appendSeptember2022(store: EventStore): Promise<bigint> {
  let last = 0n;
  for (const { streamId, events } of september2022Appends()) last = await append(store, streamId, events);
  return last;
}

/** Collects log lines instead of printing them. */
export function recordingLogger(): {
  lines: string[];
  errors: string[];
  log(m: string): void;
  error(m: string): void;
} {
  const logger = {
    lines: [] as string[],
    errors: [] as string[],
    log: (message: string) => void logger.lines.push(message),
    error: (message: string) => void logger.errors.push(message),
  };
  return logger;
}

export function projectorOn(
  db: TestDatabase,
  schema: string,
  options: Partial<ProjectorOptions> & { projection?: Projection } = {},
): Promise<Projector> {
  return createProjector({
    sql: db.sql,
    store: db.store,
    schema,
    projection: statisticsProjection,
    logger: recordingLogger(),
    ...options,
  });
}

/** Projects the whole log into a fresh schema and stops: what a clean run produces. */
export async function cleanRun(db: TestDatabase): Promise<ReadModels> {
  const schema = db.newSchema();
  const projector = await projectorOn(db, schema);
  projector.start();
  try {
    await caughtUp(db, projector);
    return await readModels(db.sql, schema);
  } finally {
    await projector.stop();
  }
}

/** Waits until the projector has applied everything in the log now. */
export async function caughtUp(db: TestDatabase, projector: Projector, timeoutMs = 30_000): Promise<void> {
  const head = await db.store.headPosition();
  if (!(await projector.waitFor(head, timeoutMs))) {
    throw new Error(
      `projector did not reach ${head}: ${JSON.stringify(await projector.status(), bigintAsText)}`,
    );
  }
}

export type ReadModels = Record<string, string[]>;

/** Every row of every statistics view, as canonical JSON text in a fixed order. */
export async function readModels(sql: SqlClient, schema: string): Promise<ReadModels> {
  const models: ReadModels = {};
  for (const table of Object.keys(STATISTICS_TABLES)) {
    const { rows } = await sql.query<{ row: string }>(
      `SELECT to_jsonb(t)::text AS row FROM "${schema}"."${table}" t ORDER BY 1`,
    );
    models[table] = rows.map((r) => r.row);
  }
  return models;
}

export { bigintAsText, sleep, until };

export interface ProjectorProcess {
  child: ChildProcess;
  applicationName: string;
  /** Its log lines so far (stderr lines start with ERROR). */
  output: string[];
  exited: Promise<unknown>;
}

const projectorScript = fileURLToPath(new URL('./projector-process.ts', import.meta.url));
const tsHooks = fileURLToPath(new URL('../support/ts-hooks.ts', import.meta.url));
const repositoryRoot = fileURLToPath(new URL('../../', import.meta.url));

/**
 * Starts test/read-models/projector-process.ts as a real process whose connections show up as
 * `applicationName` in pg_stat_activity.
 */
export function spawnProjector(options: {
  url: string;
  applicationName: string;
  storeSchema: string;
  schema: string;
  rebuild?: boolean;
}): ProjectorProcess {
  const child = spawn(
    process.execPath,
    ['--conditions=ledger-source', '--import', tsHooks, projectorScript],
    {
      cwd: repositoryRoot,
      env: {
        ...process.env,
        DATABASE_URL: withApplicationName(options.url, options.applicationName),
        LEDGER_STORE_SCHEMA: options.storeSchema,
        LEDGER_PROJECTION_SCHEMA: options.schema,
        LEDGER_REBUILD: options.rebuild ? '1' : '0',
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  );
  const output: string[] = [];
  if (child.stdout) createInterface({ input: child.stdout }).on('line', (line) => output.push(line));
  if (child.stderr)
    createInterface({ input: child.stderr }).on('line', (line) => output.push(`ERROR ${line}`));
  return { child, applicationName: options.applicationName, output, exited: once(child, 'exit') };
}

export async function killProjector(projector: ProjectorProcess): Promise<void> {
  if (projector.child.exitCode === null && projector.child.signalCode === null) {
    projector.child.kill('SIGKILL');
  }
  await projector.exited;
}
