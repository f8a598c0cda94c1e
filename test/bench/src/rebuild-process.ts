/**
 * The rebuild under test, in a process of its own as the projector app runs it: the benchmark's
 * own memory (the rows it computed for the plain INSERT) must not weigh on the rebuild's garbage
 * collector. Prints one JSON line: the rebuild's result, its wall time and this process's CPU.
 *
 *   DATABASE_URL=… BENCH_STORE_SCHEMA=… BENCH_PROJECTION_SCHEMA=… BENCH_POOL=4 node rebuild-process.js
 *
 * With BENCH_READ_ONLY=1 it only reads the log, as the rebuild reads it (a subscription from the start, in
 * pages of the rebuild's batch size) and applies nothing: the ceiling of any rebuild on this machine.
 */
import { readFile } from 'node:fs/promises';
import { createPostgresEventStore, type EventStore } from '@ledger/event-store';
import { createProjector, DEFAULT_REBUILD_BATCH, statisticsProjection } from '@ledger/read-models';
import { createPgClient, type SqlClient } from '@ledger/sql';

function required(name: string): string {
  const value = process.env[name];
  if (!value) throw new Error(`${name} is not set`);
  return value;
}

export interface RebuildProcessResult {
  events: number;
  seconds: number;
  /** CPU seconds of this process (all its threads: JavaScript, garbage collector, I/O). */
  nodeCpuSeconds: number;
  /** CPU seconds of its PostgreSQL backends, when they run on this machine and /proc shows them. */
  serverCpuSeconds?: number;
}

/** CPU seconds by pid of the backends serving this process, from /proc; undefined if it cannot tell. */
async function backendCpu(sql: SqlClient): Promise<Map<number, number> | undefined> {
  const { rows } = await sql.query<{ pid: number }>(
    `SELECT pid FROM pg_stat_activity WHERE application_name = current_setting('application_name')`,
  );
  const seconds = new Map<number, number>();
  try {
    for (const { pid } of rows) {
      // After the command name, utime and stime are the 12th and 13th fields, in ticks of 10 ms.
      const fields = (await readFile(`/proc/${pid}/stat`, 'utf8')).split(') ')[1]?.split(' ') ?? [];
      seconds.set(pid, (Number(fields[11]) + Number(fields[12])) / 100);
    }
  } catch {
    return undefined;
  }
  return seconds;
}

/** Reads the whole log as a rebuild does, applying nothing. */
async function readLog(store: EventStore): Promise<{ events: number }> {
  const head = await store.headPosition();
  const subscription = store.subscribeToAll({ batchSize: DEFAULT_REBUILD_BATCH.maxEvents });
  let events = 0;
  try {
    for await (const event of subscription) {
      events += 1;
      if (event.position >= head) break;
    }
  } finally {
    await subscription.stop();
  }
  return { events };
}

async function rebuilder(store: EventStore): Promise<() => Promise<{ events: number }>> {
  const projector = await createProjector({
    sql,
    store,
    schema: required('BENCH_PROJECTION_SCHEMA'),
    projection: statisticsProjection,
    logger: { log: () => undefined, error: (line) => process.stderr.write(`${line}\n`) },
  });
  return () =>
    projector.rebuild({
      progressIntervalMs: 5_000,
      onProgress: (p) =>
        process.stderr.write(
          `  rebuild: ${p.percent.toFixed(0)}% (${p.events.toLocaleString('en-US')} events, ${p.eventsPerSecond.toLocaleString('en-US')} events/s)\n`,
        ),
    });
}

const sql = createPgClient({
  connectionString: required('DATABASE_URL'),
  max: Number(required('BENCH_POOL')),
});
try {
  const store = await createPostgresEventStore(sql, { schema: required('BENCH_STORE_SCHEMA') });
  const run = process.env.BENCH_READ_ONLY ? () => readLog(store) : await rebuilder(store);
  const serverBefore = await backendCpu(sql);
  const cpu = process.cpuUsage();
  const started = performance.now();
  const result = await run();
  const seconds = (performance.now() - started) / 1000;
  const used = process.cpuUsage(cpu);
  const serverAfter = await backendCpu(sql);
  let serverCpuSeconds: number | undefined;
  if (serverBefore && serverAfter) {
    serverCpuSeconds = 0;
    for (const [pid, after] of serverAfter) serverCpuSeconds += after - (serverBefore.get(pid) ?? 0);
  }
  const out: RebuildProcessResult = {
    events: result.events,
    seconds,
    nodeCpuSeconds: (used.user + used.system) / 1e6,
    ...(serverCpuSeconds === undefined ? {} : { serverCpuSeconds }),
  };
  process.stdout.write(`${JSON.stringify(out)}\n`);
  await store.close();
} finally {
  await sql.close();
}
