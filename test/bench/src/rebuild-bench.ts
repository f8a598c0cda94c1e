/**
 * Rebuild of the statistics projection from 1,000,000 events on the PostgreSQL server, against
 * the anchor of a plain batched INSERT of the very rows the rebuild produces into tables of the
 * same DDL, in the same run.
 *
 *  1. seed: synthetic operations (`@ledger/read-models/fixtures`, every event decided by the
 *     domain) go straight into the store's events table in the store's own format (positions
 *     from the inserting transaction's id, revisions per stream, metadata with the actor), a few
 *     thousand rows per INSERT. Meanwhile the pure delta code computes
 *     what the projection must hold: the anchor's rows.
 *  2. rebuild: `Projector.rebuild()` of a projection in a fresh schema, in a process of its own
 *     (rebuild-process.ts) with a pool of 4 connections, as the projector app runs it, timed
 *     from the call to its return.
 *  3. anchor: those rows, INSERTed in batches of multi-row VALUES, one transaction per statement,
 *     on one connection, into fresh tables made by the projection's own DDL (indexes included),
 *     timed.
 *  With BENCH_REBUILD_ROUNDS > 1, 2 and 3 take turns (A B, B A, …) on the same log.
 *  4. check: both schemas hold the same rows (count and hash per table).
 *  5. ceiling: the same process reads the whole log as the rebuild does and applies nothing, timed. No
 *     rebuild on this machine can be faster than that.
 *  6. floor of the work: that reading again, while the rows the rebuild produced, exported as COPY text,
 *     are loaded into empty tables of the same DDL (rebuild-floor.ts). It computes nothing; a rebuild
 *     that writes these tables does at least this much.
 */
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { readFile } from 'node:fs/promises';
import { loadavg } from 'node:os';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import type { RecordedEvent } from '@ledger/event-store';
import { createPostgresEventStore } from '@ledger/event-store';
import { chainHash, eventHashBody, GENESIS_HASH } from '@ledger/ledger-integrity';
import {
  COUNTERS,
  computeStatisticsDelta,
  createProjector,
  emptyStatisticsFacts,
  NATIONALITY_COUNTERS,
  readLedgerEvents,
  statisticsProjection,
  STATISTICS_TABLES,
  type AgencyDailyRow,
  type ProvinceDailyRow,
  type ProvinceNationalityDailyRow,
  type StatisticsFacts,
  type StatisticsTable,
  type TimelineRow,
} from '@ledger/read-models';
import { syntheticEventData, syntheticOperation, type SyntheticAppend } from '@ledger/read-models/fixtures';
import { createPgClient, type SqlClient } from '@ledger/sql';
import { type Admin, quoteIdent, REBUILD_SCHEMA_PREFIX } from './db.js';
import { exportRows, FloorLoader } from './rebuild-floor.js';
import type { RebuildProcessResult } from './rebuild-process.js';

export interface RebuildBenchOptions {
  url: string;
  admin: Admin;
  runId: string;
  /** Events in the log; default 1,000,000. */
  events: number;
  /** Timed rebuilds and plain INSERTs each, alternating A B, B A, …; default 1. */
  rounds: number;
  log: (line: string) => void;
}

/** One timed phase: how long, the 1-minute load average around it, and the CPU it took. */
export interface Timing {
  seconds: number;
  eventsPerSecond: number;
  loadBefore: number;
  loadAfter: number;
  /** CPU seconds of this Node process during the phase. */
  nodeCpuSeconds: number;
  /** CPU seconds of the phase's PostgreSQL backends, when they run on this machine and /proc shows them. */
  serverCpuSeconds?: number;
}

export interface RebuildBenchResult {
  events: number;
  operations: number;
  /** Rows the rebuild wrote (and the anchor inserted), per table. */
  rows: Record<StatisticsTable, number>;
  seed: { seconds: number; eventsPerSecond: number };
  /** Over every round: events ÷ seconds summed. */
  rebuild: { seconds: number; eventsPerSecond: number; rounds: Timing[] };
  plainInsert: { seconds: number; eventsPerSecond: number; rowsPerStatement: number; rounds: Timing[] };
  /** Reading the log alone, as the rebuild reads it: the ceiling of any rebuild here. */
  readOnly: Timing;
  /**
   * Reading the log while loading the finished rows, in COPY text, into empty tables: what any
   * rebuild producing these tables has to do, without computing anything.
   */
  floor: Timing;
  /** rebuild events/s ÷ plain insert events/s. */
  ratio: number;
  /** Both schemas hold the same rows, table by table. */
  identical: boolean;
  /** Connections the projector's pool may open, as in the projector app. */
  projectorPool: number;
}

const SEED = 2022;
/** Events per seeding INSERT (a position holds 20 bits of index within a transaction). */
const SEED_CHUNK = 5_000;
/** Seeding INSERTs in flight at once. */
const SEED_PARALLEL = 3;
/** Rows per anchor INSERT statement, within the 65,535 parameters a statement may carry. */
const PLAIN_ROWS_PER_STATEMENT = 1_000;

const XID_SHIFT = 20n;

/** The anchor's rows: what the projection holds once every event is applied. */
export class ExpectedRows {
  readonly facts: StatisticsFacts = emptyStatisticsFacts();
  readonly provinceDaily = new Map<string, ProvinceDailyRow>();
  readonly provinceNationalityDaily = new Map<string, ProvinceNationalityDailyRow>();
  readonly agencyDaily = new Map<string, AgencyDailyRow>();
  readonly timeline: TimelineRow[] = [];

  /** Events of whole operations, in their log order; facts never cross a chunk. */
  add(events: readonly RecordedEvent[]): void {
    const delta = computeStatisticsDelta(readLedgerEvents(events), this.facts);
    merge(this.provinceDaily, delta.provinceDaily, COUNTERS);
    merge(this.provinceNationalityDaily, delta.provinceNationalityDaily, NATIONALITY_COUNTERS);
    merge(this.agencyDaily, delta.agencyDaily, COUNTERS);
    for (const row of delta.timeline) this.timeline.push(row);
  }
}

function merge<R extends object>(
  into: Map<string, R>,
  from: Map<string, R>,
  counters: readonly string[],
): void {
  for (const [key, row] of from) {
    const existing = into.get(key) as Record<string, number> | undefined;
    if (!existing) {
      into.set(key, row);
      continue;
    }
    const add = row as Record<string, number>;
    for (const counter of counters) {
      const value = add[counter];
      if (value) existing[counter] = (existing[counter] ?? 0) + value;
    }
  }
}

/** Operations interleaved round robin: many are under way at once, each in its own order. */
function interleave(operations: SyntheticAppend[][]): SyntheticAppend[] {
  const out: SyntheticAppend[] = [];
  const cursors = operations.map(() => 0);
  let left = operations.reduce((n, op) => n + op.length, 0);
  while (left > 0) {
    operations.forEach((op, i) => {
      const at = cursors[i] ?? 0;
      const append = op[at];
      if (append === undefined) return;
      out.push(append);
      cursors[i] = at + 1;
      left--;
    });
  }
  return out;
}

/**
 * Inserts `total` synthetic events straight into the store's tables, several transactions at a
 * time; hands each chunk, as recorded, to `onSeeded`.
 */
export async function seed(
  sql: SqlClient,
  schema: string,
  total: number,
  onSeeded: (events: RecordedEvent[]) => void,
  log: (line: string) => void,
  label = 'rebuild',
): Promise<{ operations: number; lastPosition: bigint }> {
  const s = quoteIdent(schema);
  const insert = `WITH appended AS (
      INSERT INTO ${s}.events (position, stream_id, revision, event_id, type, schema_version, data, metadata, hash)
      SELECT (pg_current_xact_id()::text::bigint << ${XID_SHIFT}) + r.ord, r.stream_id, r.revision, r.event_id,
        r.type, r.schema_version, r.data, r.metadata, decode(r.hash, 'hex')
      FROM jsonb_to_recordset($1::jsonb) AS r(ord bigint, stream_id text, revision bigint, event_id uuid,
        type text, schema_version int, data jsonb, metadata jsonb, hash text)
    )
    SELECT pg_current_xact_id()::text::bigint AS xid`;
  let operations = 0;
  let seeded = 0;
  let lastPosition = 0n;
  let nextReport = 100_000;
  const inFlight = new Set<Promise<void>>();
  while (seeded < total) {
    // Whole operations, so that the streams of a chunk start and end in it.
    const chunk: SyntheticAppend[][] = [];
    let size = 0;
    while (size < SEED_CHUNK && seeded + size < total) {
      const operation = syntheticOperation(SEED, operations++).slice(0, total - seeded - size);
      chunk.push(operation);
      size += operation.length;
    }
    const appends = interleave(chunk);
    seeded += appends.length;
    const revisions = new Map<string, number>();
    // Whole operations per chunk: each stream's chain starts and ends here.
    const heads = new Map<string, string>();
    const rows = appends.map((append, ord) => {
      const revision = revisions.get(append.streamId) ?? 0;
      revisions.set(append.streamId, revision + 1);
      const data = syntheticEventData(append);
      const hash = chainHash(
        heads.get(append.streamId) ?? GENESIS_HASH,
        eventHashBody({ ...data, streamId: append.streamId }),
      );
      heads.set(append.streamId, hash);
      return {
        hash,
        ord,
        stream_id: append.streamId,
        revision,
        event_id: data.eventId,
        type: data.type,
        schema_version: data.schemaVersion,
        data: data.data,
        metadata: data.metadata,
      };
    });
    const done = sql.query<{ xid: bigint }>(insert, [JSON.stringify(rows)]).then(({ rows: [row] }) => {
      if (!row) throw new Error('the seeding INSERT returned no transaction id');
      const base = row.xid << XID_SHIFT;
      const createdAt = new Date();
      const recorded: RecordedEvent[] = rows.map((r) => ({
        eventId: r.event_id,
        type: r.type,
        schemaVersion: r.schema_version,
        data: r.data,
        metadata: r.metadata,
        streamId: r.stream_id,
        revision: r.revision,
        position: base + BigInt(r.ord),
        createdAt,
        hash: r.hash,
      }));
      const last = recorded.at(-1)?.position ?? 0n;
      if (last > lastPosition) lastPosition = last;
      onSeeded(recorded);
    });
    const tracked = done.finally(() => inFlight.delete(tracked));
    inFlight.add(tracked);
    if (inFlight.size >= SEED_PARALLEL) await Promise.race(inFlight);
    if (seeded >= nextReport) {
      log(`  ${label}: seeded ${seeded.toLocaleString('en-US')} events`);
      nextReport += 100_000;
    }
  }
  await Promise.all(inFlight);
  await sql.query(`ANALYZE ${s}.events`);
  return { operations, lastPosition };
}

const COLUMNS: Record<StatisticsTable, readonly string[]> = {
  operation_facts: ['operation_id', 'province_code', 'lead_agency_id', 'participants'],
  raid_facts: ['operation_id', 'raid_id', 'province_code'],
  case_facts: ['case_id', 'operation_id', 'province_code', 'opened_by', 'trafficking'],
  deportation_facts: [
    'deportation_id',
    'operation_id',
    'province_code',
    'ordered_by',
    'persons_ordered',
    'persons_deported',
  ],
  rescue_request_facts: ['request_id', 'province_code', 'received_by', 'investigated'],
  province_daily: ['province_code', 'day', ...COUNTERS],
  province_nationality_daily: ['province_code', 'day', 'nationality', 'sex', ...NATIONALITY_COUNTERS],
  agency_daily: ['agency_id', 'day', 'capacity', ...COUNTERS],
  timeline: [
    'stream_id',
    'position',
    'aggregate',
    'aggregate_id',
    'operation_id',
    'type',
    'agency_id',
    'user_id',
    'role',
    'occurred_at',
    'recorded_at',
    'summary',
  ],
};

/** Every table's rows as parameter lists in column order, the way a plain loader would hold them. */
function plainRows(expected: ExpectedRows): Record<StatisticsTable, unknown[][]> {
  const counters = (row: Record<string, unknown>, names: readonly string[]) => names.map((n) => row[n] ?? 0);
  const { facts } = expected;
  return {
    operation_facts: [...facts.operations.values()].map((f) => [
      f.operationId,
      f.provinceCode,
      f.leadAgencyId,
      f.participants,
    ]),
    raid_facts: [...facts.raids.values()].map((f) => [f.operationId, f.raidId, f.provinceCode]),
    case_facts: [...facts.cases.values()].map((f) => [
      f.caseId,
      f.operationId,
      f.provinceCode,
      f.openedBy,
      f.trafficking,
    ]),
    deportation_facts: [...facts.deportations.values()].map((f) => [
      f.deportationId,
      f.operationId,
      f.provinceCode,
      f.orderedBy,
      f.personsOrdered,
      f.personsDeported,
    ]),
    rescue_request_facts: [...facts.rescueRequests.values()].map((f) => [
      f.requestId,
      f.provinceCode,
      f.receivedBy,
      f.investigated,
    ]),
    province_daily: [...expected.provinceDaily.values()].map((r) => [
      r.province_code,
      r.day,
      ...counters(r, COUNTERS),
    ]),
    province_nationality_daily: [...expected.provinceNationalityDaily.values()].map((r) => [
      r.province_code,
      r.day,
      r.nationality,
      r.sex,
      ...counters(r, NATIONALITY_COUNTERS),
    ]),
    agency_daily: [...expected.agencyDaily.values()].map((r) => [
      r.agency_id,
      r.day,
      r.capacity,
      ...counters(r, COUNTERS),
    ]),
    timeline: expected.timeline.map((r) => [
      r.stream_id,
      r.position.toString(),
      r.aggregate,
      r.aggregate_id,
      r.operation_id,
      r.type,
      r.agency_id,
      r.user_id,
      r.role,
      r.occurred_at,
      r.recorded_at,
      JSON.stringify(r.summary),
    ]),
  };
}

function valuesStatement(table: string, columns: readonly string[], rows: number): string {
  const tuples: string[] = [];
  for (let r = 0; r < rows; r++) {
    const base = r * columns.length;
    tuples.push(`(${columns.map((_, c) => `$${base + c + 1}`).join(', ')})`);
  }
  return `INSERT INTO ${table} (${columns.join(', ')}) VALUES ${tuples.join(', ')}`;
}

/** The anchor: multi-row INSERTs of `rows`, one transaction each, on one connection. */
async function plainInsert(
  sql: SqlClient,
  schema: string,
  rows: Record<StatisticsTable, unknown[][]>,
): Promise<void> {
  const s = quoteIdent(schema);
  for (const name of Object.keys(STATISTICS_TABLES) as StatisticsTable[]) {
    const columns = COLUMNS[name];
    const table = `${s}.${quoteIdent(name)}`;
    const all = rows[name];
    const full = valuesStatement(table, columns, PLAIN_ROWS_PER_STATEMENT);
    for (let i = 0; i < all.length; i += PLAIN_ROWS_PER_STATEMENT) {
      const batch = all.slice(i, i + PLAIN_ROWS_PER_STATEMENT);
      const text =
        batch.length === PLAIN_ROWS_PER_STATEMENT ? full : valuesStatement(table, columns, batch.length);
      await sql.query(text, batch.flat(), { prepare: batch.length === PLAIN_ROWS_PER_STATEMENT });
    }
  }
}

/** Count and an order-independent hash of every row, table by table. */
async function fingerprint(sql: SqlClient, schema: string): Promise<Record<string, string>> {
  const out: Record<string, string> = {};
  for (const name of Object.keys(STATISTICS_TABLES)) {
    const { rows } = await sql.query<{ n: bigint; h: string | null }>(
      // As jsonb: the timeline's json summary keeps the key order it was written in, which only the values need share.
      `SELECT count(*) AS n, sum(hashtextextended(to_jsonb(t)::text, 0))::text AS h FROM ${quoteIdent(schema)}.${quoteIdent(name)} t`,
    );
    out[name] = `${rows[0]?.n ?? 0}:${rows[0]?.h ?? ''}`;
  }
  return out;
}

export async function waitUntilVisible(sql: SqlClient, schema: string, position: bigint): Promise<void> {
  const deadline = Date.now() + 60_000;
  for (;;) {
    const { rows } = await sql.query<{ head: bigint }>(
      `SELECT coalesce(max(position), 0) AS head FROM ${quoteIdent(schema)}.events
       WHERE position < (pg_snapshot_xmin(pg_current_snapshot())::text::bigint << ${XID_SHIFT})`,
    );
    if ((rows[0]?.head ?? 0n) >= position) return;
    if (Date.now() > deadline) {
      throw new Error(
        'the seeded events did not become visible within 60 s: a long transaction elsewhere on the server holds the snapshot horizon back',
      );
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

const quiet = { log: () => undefined, error: (line: string) => process.stderr.write(`${line}\n`) };

/** Pool of the projector under test: the projector app opens 4. */
const PROJECTOR_POOL = 4;

/**
 * CPU seconds (user + system) of the backends serving connections named `applicationName`,
 * read from /proc: only when PostgreSQL runs on this machine and we may read its processes.
 */
async function serverCpu(admin: Admin, applicationName: string): Promise<Map<number, number> | undefined> {
  const { rows } = await admin.query(`SELECT pid FROM pg_stat_activity WHERE application_name = $1`, [
    applicationName,
  ]);
  const ticks = new Map<number, number>();
  try {
    for (const { pid } of rows as { pid: number }[]) {
      // Fields after the command name: utime and stime are the 12th and 13th, in clock ticks (100 Hz).
      const fields = (await readFile(`/proc/${pid}/stat`, 'utf8')).split(') ')[1]?.split(' ') ?? [];
      ticks.set(pid, (Number(fields[11]) + Number(fields[12])) / 100);
    }
  } catch {
    return undefined;
  }
  return ticks;
}

/**
 * Times `run` (its own wall time if it reports one), with the CPU of this process and of the
 * PostgreSQL backends of `applicationName`, plus the CPU a child process reports.
 */
async function timed(
  admin: Admin,
  applicationName: string,
  events: number,
  run: () => Promise<{ seconds?: number; nodeCpuSeconds: number; serverCpuSeconds?: number } | void>,
): Promise<Timing> {
  const loadBefore = loadavg()[0] ?? 0;
  const cpuBefore = process.cpuUsage();
  const serverBefore = await serverCpu(admin, applicationName);
  const started = performance.now();
  const child = await run();
  const elapsed = (performance.now() - started) / 1000;
  const cpu = process.cpuUsage(cpuBefore);
  const seconds = child?.seconds ?? elapsed;
  const serverAfter = await serverCpu(admin, applicationName);
  let serverCpuSeconds = child?.serverCpuSeconds;
  if (serverBefore && serverAfter) {
    // A child's backends have closed by now: the child counted them.
    serverCpuSeconds ??= 0;
    for (const [pid, after] of serverAfter) serverCpuSeconds += after - (serverBefore.get(pid) ?? 0);
  }
  return {
    seconds,
    eventsPerSecond: events / seconds,
    loadBefore,
    loadAfter: loadavg()[0] ?? 0,
    nodeCpuSeconds: (child?.nodeCpuSeconds ?? 0) + (cpu.user + cpu.system) / 1e6,
    ...(serverCpuSeconds === undefined ? {} : { serverCpuSeconds }),
  };
}

async function seedAndCompute(
  sql: SqlClient,
  schema: string,
  events: number,
  log: (line: string) => void,
): Promise<{ operations: number; lastPosition: bigint; rows: Record<StatisticsTable, unknown[][]> }> {
  const expected = new ExpectedRows();
  const seeded = await seed(sql, schema, events, (recorded) => expected.add(recorded), log);
  return { ...seeded, rows: plainRows(expected) };
}

/** Runs rebuild-process.js; its progress goes to `log`, its result comes back. */
async function runRebuildProcess(
  env: Record<string, string>,
  log: (line: string) => void,
): Promise<RebuildProcessResult> {
  const child = spawn(process.execPath, [fileURLToPath(new URL('./rebuild-process.js', import.meta.url))], {
    env: { ...process.env, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
  createInterface({ input: child.stderr }).on('line', log);
  const [code] = (await once(child, 'exit')) as [number | null];
  if (code !== 0) throw new Error(`the rebuild process exited with ${code}`);
  return JSON.parse(stdout.trim()) as RebuildProcessResult;
}

const overall = (timings: readonly Timing[], events: number) => {
  const seconds = timings.reduce((sum, t) => sum + t.seconds, 0);
  return { seconds, eventsPerSecond: (events * timings.length) / seconds };
};

export async function runRebuildBench(options: RebuildBenchOptions): Promise<RebuildBenchResult> {
  const { admin, log, events } = options;
  const schemas = {
    store: `${REBUILD_SCHEMA_PREFIX}${options.runId}_store`,
    rm: `${REBUILD_SCHEMA_PREFIX}${options.runId}_rm`,
    plain: `${REBUILD_SCHEMA_PREFIX}${options.runId}_plain`,
    floor: `${REBUILD_SCHEMA_PREFIX}${options.runId}_floor`,
  };
  const named = (applicationName: string) => {
    const url = new URL(options.url);
    url.searchParams.set('application_name', applicationName);
    return url.toString();
  };
  const names = {
    plain: `${schemas.store}_plain`,
    projector: `${schemas.store}_projector`,
    floor: `${schemas.store}_floor`,
  };
  const sql = createPgClient({ connectionString: named(names.plain), max: SEED_PARALLEL + 1 });
  try {
    await createPostgresEventStore(sql, { schema: schemas.store });
    log(`  rebuild: seeding ${events.toLocaleString('en-US')} events`);
    const seedStarted = performance.now();
    // Only the rows stay: what computed them is left to the garbage collector.
    const { operations, lastPosition, rows } = await seedAndCompute(sql, schemas.store, events, log);
    const seedSeconds = (performance.now() - seedStarted) / 1000;
    await waitUntilVisible(sql, schemas.store, lastPosition);
    // A log as a running ledger has it: the first reader of freshly inserted rows would otherwise pay
    // for marking them committed (and autovacuum would run under the first timed phase).
    await sql.query(`VACUUM (ANALYZE) ${quoteIdent(schemas.store)}.events`);
    const counts = Object.fromEntries(
      Object.entries(rows).map(([name, list]) => [name, list.length]),
    ) as Record<StatisticsTable, number>;

    // Created here, so that the rebuild below finds generation 1 and builds generation 2.
    const store = await createPostgresEventStore(sql, { schema: schemas.store });
    await createProjector({
      sql,
      store,
      schema: schemas.rm,
      projection: statisticsProjection,
      logger: quiet,
    });
    /** The rebuild (or, readOnly, the reading of the log alone) in a process of its own. */
    const child = async (readOnly: boolean) => {
      const result = await runRebuildProcess(
        {
          DATABASE_URL: named(names.projector),
          BENCH_STORE_SCHEMA: schemas.store,
          BENCH_PROJECTION_SCHEMA: schemas.rm,
          BENCH_POOL: String(PROJECTOR_POOL),
          ...(readOnly ? { BENCH_READ_ONLY: '1' } : {}),
        },
        log,
      );
      if (result.events !== events) {
        throw new Error(`the process went through ${result.events} events, not the ${events} seeded`);
      }
      return result;
    };
    const inProcess = async (readOnly: boolean) => {
      await admin.checkpoint();
      log(
        readOnly
          ? '  rebuild: reading the log alone, as the rebuild reads it'
          : '  rebuild: rebuilding the statistics projection (in a process of its own)',
      );
      return timed(admin, names.projector, events, () => child(readOnly));
    };
    /** Reading the log while the rows the rebuild produced are loaded as they are (see rebuild-floor.ts). */
    const floor = async () => {
      const finished = await exportRows(options.url, schemas.rm);
      const loader = await FloorLoader.prepare(named(names.floor), schemas.floor);
      try {
        await admin.checkpoint();
        log('  rebuild: reading the log while loading the finished rows with COPY, nothing computed');
        return await timed(admin, names.floor, events, async () => {
          const [read] = await Promise.all([child(true), loader.load(finished)]);
          // The wall time is both together's.
          return { nodeCpuSeconds: read.nodeCpuSeconds, serverCpuSeconds: read.serverCpuSeconds };
        });
      } finally {
        await loader.close();
      }
    };
    const rebuild = () => inProcess(false);
    const plain = async () => {
      const s = quoteIdent(schemas.plain);
      await sql.query(`DROP SCHEMA IF EXISTS ${s} CASCADE`);
      await sql.query(`CREATE SCHEMA ${s}`);
      for (const [name, ddl] of Object.entries(STATISTICS_TABLES)) {
        for (const statement of ddl(`${s}.${quoteIdent(name)}`)) await sql.query(statement);
      }
      await admin.checkpoint();
      log('  rebuild: plain batched INSERT of the same rows');
      return timed(admin, names.plain, events, () => plainInsert(sql, schemas.plain, rows));
    };
    const rebuilds: Timing[] = [];
    const inserts: Timing[] = [];
    for (let round = 0; round < options.rounds; round++) {
      // A B, B A, …: a load that rises or falls through the run weighs on both alike.
      if (round % 2 === 0) {
        rebuilds.push(await rebuild());
        inserts.push(await plain());
      } else {
        inserts.push(await plain());
        rebuilds.push(await rebuild());
      }
    }
    const readOnly = await inProcess(true);
    const readingWhileLoading = await floor();
    const [rebuilt, inserted] = [await fingerprint(sql, schemas.rm), await fingerprint(sql, schemas.plain)];
    const identical = JSON.stringify(rebuilt) === JSON.stringify(inserted);
    if (!identical) {
      log(`  rebuild: the rebuilt and the plain tables differ: ${JSON.stringify({ rebuilt, inserted })}`);
    }
    const rebuildOverall = overall(rebuilds, events);
    const plainOverall = overall(inserts, events);
    return {
      events,
      operations,
      rows: counts,
      seed: { seconds: seedSeconds, eventsPerSecond: events / seedSeconds },
      rebuild: { ...rebuildOverall, rounds: rebuilds },
      plainInsert: { ...plainOverall, rowsPerStatement: PLAIN_ROWS_PER_STATEMENT, rounds: inserts },
      readOnly,
      floor: readingWhileLoading,
      ratio: rebuildOverall.eventsPerSecond / plainOverall.eventsPerSecond,
      identical,
      projectorPool: PROJECTOR_POOL,
    };
  } finally {
    await sql.close();
    await admin.dropBenchSchemas(Object.values(schemas));
  }
}
