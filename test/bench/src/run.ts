/**
 * npm run bench: event-store append throughput and latency on the PostgreSQL server (ours,
 * Emmett's, and a bare INSERT as the limit), then HTTP command throughput, then the rebuild of
 * the statistics projection against a plain batched INSERT of the same rows. Prints a table and
 * writes test/bench/results/latest.json. With KAFKA_BROKERS set, also the Kafka relay against a
 * bare kafkajs producer, and its end-to-end lag. Reports figures; it asserts nothing.
 *
 *   DATABASE_URL=postgres://postgres@127.0.0.1:5432/test [KAFKA_BROKERS=127.0.0.1:9092] npm run bench [-- --only store|http|rebuild|kafka|verify[,…]]
 *   BENCH_SECONDS (measured seconds per line and scenario, default 8), BENCH_WARMUP_SECONDS (default 2),
 *   BENCH_ROUNDS (turns the store lines take to fill BENCH_SECONDS, default 4),
 *   BENCH_REBUILD_EVENTS (events the rebuild replays, default 1,000,000), BENCH_REBUILD_ROUNDS (timed
 *   rebuilds and plain INSERTs each, taking turns, default 1), BENCH_KAFKA_EVENTS (events each Kafka
 *   line publishes, default 200,000), BENCH_KAFKA_ROUNDS (default 2), BENCH_LAG_RATE (events/s, default
 *   1,000), BENCH_LAG_SECONDS (default 15), BENCH_VERIFY_EVENTS (events the auditor's verify checks, default
 *   1,000,000)
 */
import { cpus, totalmem } from 'node:os';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { Admin, describeUrl, type Part, PART_SCHEMAS, type ServerInfo, WRITERS } from './db.js';
import { HTTP_CONNECTIONS, type HttpBenchResult, runHttpBench } from './http-bench.js';
import type { LoadResult } from './load.js';
import { eventJsonBytes } from './payload.js';
import { type RebuildBenchResult, runRebuildBench, type Timing } from './rebuild-bench.js';
import { LINES, runStoreBench, type LineName, type ScenarioResult } from './store-bench.js';
import { type KafkaBenchResult, runKafkaBench } from './kafka-bench.js';
import { runVerifyBench, type VerifyBenchResult } from './verify-bench.js';

const RESULTS = fileURLToPath(new URL('../results/', import.meta.url));

const TARGETS = {
  ledgerToEmmett: 1.5,
  ledgerToBare: 0.7,
  httpToBareSingle: 0.5,
  rebuildEventsPerSecond: 50_000,
  rebuildToPlainInsert: 0.5,
  relayToKafkajs: 0.7,
  lagP99Ms: 500,
  verifyEventsPerSecond: 100_000,
  verifyToBareSha256: 1 / 3,
} as const;

const PARTS: readonly Part[] = ['store', 'http', 'rebuild', 'kafka', 'verify'];

const LABELS: Record<LineName, string> = { ledger: 'ledger', emmett: 'emmett', bare: 'bare INSERT' };

function seconds(name: string, fallback: number): number {
  const raw = process.env[name];
  if (raw === undefined || raw === '') return fallback;
  const value = Number(raw);
  if (!Number.isFinite(value) || value <= 0 || value > 600) {
    throw new Error(`${name} must be a number of seconds from 0 to 600 (got "${raw}")`);
  }
  return value;
}

const int = (n: number) => (Number.isFinite(n) ? Math.round(n).toLocaleString('en-US') : '-');
const ms = (n: number) => (Number.isFinite(n) ? n.toFixed(n < 10 ? 2 : 1) : '-');
const ratio = (n: number) => (Number.isFinite(n) ? n.toFixed(2) : '-');
const verdict = (value: number, target: number) =>
  `target ≥ ${target}: ${value >= target ? 'met' : 'NOT met'}`;

function storeTable(results: readonly ScenarioResult[]): string[] {
  const header = `${'scenario'.padEnd(14)}${'line'.padEnd(13)}${'events/s'.padStart(10)}${'appends/s'.padStart(11)}${'p50 ms'.padStart(9)}${'p99 ms'.padStart(9)}`;
  const lines = [header, '-'.repeat(header.length)];
  for (const result of results) {
    LINES.forEach((line, i) => {
      const r: LoadResult = result.lines[line];
      lines.push(
        `${(i === 0 ? result.scenario : '').padEnd(14)}${LABELS[line].padEnd(13)}${int(r.eventsPerSecond).padStart(10)}` +
          `${int(r.appendsPerSecond).padStart(11)}${ms(r.latencyMs.p50).padStart(9)}${ms(r.latencyMs.p99).padStart(9)}`,
      );
    });
    const { ledgerToEmmett, ledgerToBare } = result.ratios;
    lines.push(
      `${''.padEnd(14)}ledger/emmett ${ratio(ledgerToEmmett)} (${verdict(ledgerToEmmett, TARGETS.ledgerToEmmett)}), ` +
        `ledger/bare ${ratio(ledgerToBare)} (${verdict(ledgerToBare, TARGETS.ledgerToBare)})`,
    );
  }
  return lines;
}

function count(name: string, fallback: number): number {
  const raw = process.env[name];
  if (raw === undefined || raw === '') return fallback;
  const value = Number(raw);
  if (!Number.isInteger(value) || value < 1 || value > 100_000_000) {
    throw new Error(`${name} must be a positive whole number (got "${raw}")`);
  }
  return value;
}

function rebuildTable(r: RebuildBenchResult): string[] {
  const header =
    `${'line'.padEnd(36)}${'seconds'.padStart(9)}${'events/s'.padStart(11)}${'load avg'.padStart(12)}` +
    `${'CPU s: node'.padStart(13)}${'server'.padStart(8)}`;
  const rows = Object.entries(r.rows)
    .map(([table, n]) => `${table} ${int(n)}`)
    .join(', ');
  const line = (label: string, t: Timing) =>
    `${label.padEnd(36)}${t.seconds.toFixed(1).padStart(9)}${int(t.eventsPerSecond).padStart(11)}` +
    `${`${t.loadBefore.toFixed(1)}→${t.loadAfter.toFixed(1)}`.padStart(12)}` +
    `${t.nodeCpuSeconds.toFixed(1).padStart(13)}${(t.serverCpuSeconds?.toFixed(1) ?? '-').padStart(8)}`;
  return [
    `${int(r.events)} events of ${int(r.operations)} operations, seeded in ${r.seed.seconds.toFixed(1)} s; rows: ${rows}`,
    '',
    header,
    '-'.repeat(header.length),
    ...r.rebuild.rounds.map((t, i) =>
      line(`rebuild() (pool of ${r.projectorPool})${r.rebuild.rounds.length > 1 ? ` #${i + 1}` : ''}`, t),
    ),
    ...r.plainInsert.rounds.map((t, i) =>
      line(
        `plain INSERT (${r.plainInsert.rowsPerStatement} rows/statement)${r.plainInsert.rounds.length > 1 ? ` #${i + 1}` : ''}`,
        t,
      ),
    ),
    line('reading the log alone (ceiling)', r.readOnly),
    line('reading + COPY of the finished rows', r.floor),
    `rebuild ${int(r.rebuild.eventsPerSecond)} events/s (${verdict(r.rebuild.eventsPerSecond, TARGETS.rebuildEventsPerSecond)}), ` +
      `rebuild/plain ${ratio(r.ratio)} (${verdict(r.ratio, TARGETS.rebuildToPlainInsert)}); same rows: ${r.identical ? 'yes' : 'NO'}`,
    `rebuild/reading the log alone ${ratio(r.rebuild.eventsPerSecond / r.readOnly.eventsPerSecond)}`,
    `rebuild/(reading + COPY of the finished rows, nothing computed) ${ratio(r.rebuild.eventsPerSecond / r.floor.eventsPerSecond)}; ` +
      `that floor itself: ${int(r.floor.eventsPerSecond)} events/s (${verdict(r.floor.eventsPerSecond, TARGETS.rebuildEventsPerSecond)})`,
  ];
}

function kafkaTable(r: KafkaBenchResult): string[] {
  const header = `${'line'.padEnd(30)}${'rounds: events/s'.padStart(28)}${'best'.padStart(10)}`;
  const line = (label: string, rounds: { eventsPerSecond: number }[], best: number) =>
    `${label.padEnd(30)}${rounds
      .map((t) => int(t.eventsPerSecond))
      .join(', ')
      .padStart(28)}${int(best).padStart(10)}`;
  return [
    `Kafka: ${int(r.events)} events in batches of ${int(r.batchSize)}, ${r.partitions} partitions per topic, idempotent producers with acks=all:`,
    '',
    header,
    '-'.repeat(header.length),
    line('relay (PostgreSQL → Kafka)', r.relay, r.best.relay),
    line('bare kafkajs producer', r.kafkajs, r.best.kafkajs),
    line('bare @platformatic/kafka', r.platformatic, r.best.platformatic),
    `relay/kafkajs ${ratio(r.relayToKafkajs)} (${verdict(r.relayToKafkajs, TARGETS.relayToKafkajs)}); ` +
      `@platformatic/kafka/kafkajs ${ratio(r.best.platformatic / r.best.kafkajs)} (for information)`,
    `end-to-end lag (append → consumer) at ${int(r.lag.rate)} events/s (achieved ${int(r.lag.achievedRate)}), ${int(r.lag.events)} events: ` +
      `p50 ${ms(r.lag.p50)} ms, p99 ${ms(r.lag.p99)} ms, max ${ms(r.lag.max)} ms ` +
      `(p99 target < ${TARGETS.lagP99Ms} ms: ${r.lag.p99 < TARGETS.lagP99Ms ? 'met' : 'NOT met'})`,
  ];
}

async function main(): Promise<number> {
  const { values } = parseArgs({ options: { only: { type: 'string' } } });
  // One part, or several separated by commas (`--only store,http` measures HTTP against its anchor).
  const only = values.only?.split(',').map((part) => part.trim());
  if (only !== undefined && !only.every((part) => PARTS.includes(part as Part)))
    throw new Error(
      '--only must be store, http, rebuild, kafka or verify, or several of them separated by commas',
    );
  const parts = only === undefined ? PARTS : (only as Part[]);
  const runs = (part: Part) => parts.includes(part);
  // Only the schemas of the parts that run: another benchmark may be using the server.
  const dropPartSchemas = async () => {
    for (const part of parts) await admin.dropBenchSchemas(PART_SCHEMAS[part]);
  };

  const url = process.env.DATABASE_URL?.trim();
  if (!url || !/^postgres(ql)?:\/\//.test(url)) {
    console.error(
      'npm run bench needs a PostgreSQL server: set DATABASE_URL, e.g. DATABASE_URL=postgres://postgres@127.0.0.1:5432/test npm run bench',
    );
    return 2;
  }
  const warmup = seconds('BENCH_WARMUP_SECONDS', 2);
  const measure = seconds('BENCH_SECONDS', 8);
  const rounds = Math.max(1, Math.round(seconds('BENCH_ROUNDS', 4)));
  const runId = Date.now().toString(36);
  const log = (line: string) => process.stderr.write(`${line}\n`);

  const admin = await Admin.connect(url);
  let server: ServerInfo;
  let store: ScenarioResult[] | undefined;
  let http: HttpBenchResult | { notRun: string } | undefined;
  let rebuild: RebuildBenchResult | undefined;
  let kafka: KafkaBenchResult | { notRun: string } | undefined;
  let verify: VerifyBenchResult | undefined;
  let failed = false;
  try {
    server = await admin.serverInfo();
    await dropPartSchemas();
    const bytes = eventJsonBytes();
    console.log(
      `PostgreSQL ${server.version} at ${describeUrl(url)} (synchronous_commit=${server.settings.synchronous_commit}, ` +
        `shared_buffers=${server.settings.shared_buffers}); ${cpus().length} CPUs, Node ${process.versions.node}`,
    );

    if (runs('store')) {
      console.log(
        `\nEvent-store appends: ${WRITERS} concurrent writers (pool of ${WRITERS} each), ${warmup} s warm-up + ${measure} s measured per line,` +
          ` taken in ${rounds} alternating rounds;` +
          `\nRaidConducted events of ${bytes} bytes of JSON (data + metadata); each writer appends 10 times to a stream, then starts a new one.\n`,
      );
      store = await runStoreBench({
        url,
        admin,
        runId,
        warmupMs: warmup * 1000,
        measureMs: measure * 1000,
        rounds,
        log,
      });
      for (const line of storeTable(store)) console.log(line);
    }

    if (runs('http')) {
      try {
        http = await runHttpBench({
          url,
          admin,
          runId,
          warmupSeconds: Math.max(1, warmup),
          seconds: measure,
          log,
        });
      } catch (error) {
        failed = true;
        http = { notRun: error instanceof Error ? error.message : String(error) };
      }
      console.log('');
      if ('notRun' in http) {
        console.log(`HTTP: not measured: ${http.notRun}`);
      } else {
        const bare = store?.find((s) => s.eventsPerAppend === 1)?.lines.bare.eventsPerSecond;
        const vsBare = bare === undefined ? undefined : http.commandsPerSecond / bare;
        console.log(
          `HTTP ${http.command} (one event per command, new stream each), ${HTTP_CONNECTIONS} connections, API pool ${http.databasePoolSize}, ` +
            `${Math.max(1, warmup)} s warm-up + ${measure} s:` +
            `\n  ${int(http.commandsPerSecond)} commands/s, p50 ${ms(http.latencyMs.p50)} ms, p99 ${ms(http.latencyMs.p99)} ms` +
            (http.non2xx || http.errors ? `, ${http.non2xx} non-2xx, ${http.errors} errors` : '') +
            (vsBare === undefined
              ? ''
              : `\n  commands/s ÷ bare single-event events/s = ${ratio(vsBare)} (${verdict(vsBare, TARGETS.httpToBareSingle)})`) +
            `\n  framework anchor (Nest on Express, the same ValidationPipe and DTO, a fixed answer: no token, no domain, no database):` +
            ` ${int(http.frameworkAnchor.commandsPerSecond)} requests/s, p99 ${ms(http.frameworkAnchor.latencyMs.p99)} ms` +
            (bare === undefined
              ? ''
              : `, ÷ bare single-event = ${ratio(http.frameworkAnchor.commandsPerSecond / bare)}`) +
            `; ledger ÷ anchor = ${ratio(http.commandsPerSecond / http.frameworkAnchor.commandsPerSecond)}`,
        );
      }
    }

    if (runs('rebuild')) {
      const events = count('BENCH_REBUILD_EVENTS', 1_000_000);
      console.log(
        `\nRebuild of the statistics projection from ${int(events)} synthetic ledger events, against a plain batched INSERT of the same rows:\n`,
      );
      const rounds = count('BENCH_REBUILD_ROUNDS', 1);
      rebuild = await runRebuildBench({ url, admin, runId, events, rounds, log });
      if (!rebuild.identical) failed = true;
      for (const line of rebuildTable(rebuild)) console.log(line);
    }

    if (runs('kafka')) {
      const brokers = process.env.KAFKA_BROKERS?.trim();
      console.log('');
      if (!brokers) {
        kafka = { notRun: 'KAFKA_BROKERS is not set (deploy/local/kafka.sh start prints one)' };
        console.log(`Kafka: not measured: ${kafka.notRun}`);
      } else {
        const result = await runKafkaBench({
          url,
          admin,
          runId,
          brokers: brokers.split(','),
          events: count('BENCH_KAFKA_EVENTS', 200_000),
          rounds: count('BENCH_KAFKA_ROUNDS', 2),
          lagRate: count('BENCH_LAG_RATE', 1_000),
          lagSeconds: count('BENCH_LAG_SECONDS', 15),
          log,
        });
        kafka = result;
        for (const line of kafkaTable(result)) console.log(line);
      }
    }

    if (runs('verify')) {
      const events = count('BENCH_VERIFY_EVENTS', 1_000_000);
      console.log(
        `\nAuditor verify over ${int(events)} synthetic ledger events (hash chains, Merkle log, signed heads), against bare SHA-256 of the same canonical bytes:\n`,
      );
      verify = await runVerifyBench({ events, headEvery: 1_000, log });
      if (!verify.verify.valid || !verify.fromEvents.valid) failed = true;
      const valid = (ok: boolean) => (ok ? 'valid' : 'INVALID');
      console.log(
        `  verify --file     ${int(verify.verify.eventsPerSecond).padStart(10)} events/s (${verdict(verify.verify.eventsPerSecond, TARGETS.verifyEventsPerSecond)}), ${verify.heads} heads, ${valid(verify.verify.valid)}\n` +
          `  bare SHA-256      ${int(verify.bareSha256.eventsPerSecond).padStart(10)} events/s\n` +
          `  verify/bare ${ratio(verify.ratio)} (${verdict(verify.ratio, Number(TARGETS.verifyToBareSha256.toFixed(2)))})\n` +
          `  from parsed events ${int(verify.fromEvents.eventsPerSecond).padStart(9)} events/s (canonical JSON again for every event), ` +
          `ratio ${ratio(verify.fromEvents.ratio)}, ${valid(verify.fromEvents.valid)}`,
      );
    }

    await mkdir(RESULTS, { recursive: true });
    const file = `${RESULTS}latest.json`;
    // The parts that did not run keep their figures from the run that measured them.
    const previous = await readFile(file, 'utf8').then(
      (text) => JSON.parse(text) as Record<string, unknown>,
      () => ({}) as Record<string, unknown>,
    );
    const finishedAt = new Date().toISOString();
    const partsFinishedAt = {
      ...(previous.partsFinishedAt as Record<string, string> | undefined),
      ...Object.fromEntries(parts.map((part) => [part, finishedAt])),
    };
    await writeFile(
      file,
      `${JSON.stringify(
        {
          finishedAt,
          partsFinishedAt,
          machine: {
            cpus: cpus().length,
            cpuModel: cpus()[0]?.model,
            memoryGiB: Math.round(totalmem() / 2 ** 30),
            node: process.versions.node,
          },
          postgres: { url: describeUrl(url), ...server },
          config: {
            writers: WRITERS,
            warmupSeconds: warmup,
            measureSeconds: measure,
            rounds,
            eventJsonBytes: bytes,
            httpConnections: HTTP_CONNECTIONS,
          },
          targets: TARGETS,
          store: runs('store') ? store : previous.store,
          http: runs('http') ? http : previous.http,
          rebuild: runs('rebuild') ? rebuild : previous.rebuild,
          kafka: runs('kafka') ? kafka : previous.kafka,
          verify: runs('verify') ? verify : previous.verify,
        },
        null,
        2,
      )}\n`,
    );
    console.log(`\nResults written to ${file}`);
  } finally {
    await dropPartSchemas().catch(() => undefined);
    await admin.close();
  }
  return failed ? 1 : 0;
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    console.error(error instanceof Error ? (error.stack ?? error.message) : String(error));
    process.exit(1);
  },
);
