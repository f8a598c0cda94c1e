/**
 * Kafka: the relay's throughput publishing a seeded log, against a bare kafkajs producer sending
 * the same messages (same batches, same producer settings) to the same broker, and, for
 * information, @platformatic/kafka's producer doing the same; then the end-to-end lag (append →
 * consumer) while writers append at a steady rate with the relay following the log.
 */
import { performance } from 'node:perf_hooks';
import { randomUUID } from 'node:crypto';
import { createPostgresEventStore } from '@ledger/event-store';
import {
  createKafka,
  createKafkaRelay,
  LEDGER_TOPIC_NAMES,
  parseLedgerMessage,
  RelayCheckpoints,
  relayProducerConfig,
  toKafkaMessage,
  type LedgerKafkaMessage,
} from '@ledger/kafka';
import { createPgClient, type SqlClient } from '@ledger/sql';
import { Producer as PlatformaticProducer, ProduceAcks, stringSerializers } from '@platformatic/kafka';
import type { Kafka, Message } from 'kafkajs';
import { type Admin, SCHEMA_PREFIX } from './db.js';
import { quantile } from './load.js';
import { raidConducted } from './payload.js';
import { seed, waitUntilVisible } from './rebuild-bench.js';

export interface KafkaBenchOptions {
  url: string;
  admin: Admin;
  runId: string;
  brokers: string[];
  /** Events of the seeded log every throughput line publishes. */
  events: number;
  /** Rounds of the three lines, taking turns. */
  rounds: number;
  lagRate: number;
  lagSeconds: number;
  log: (line: string) => void;
}

export interface Throughput {
  seconds: number;
  eventsPerSecond: number;
}

export interface KafkaBenchResult {
  events: number;
  batchSize: number;
  partitions: number;
  relay: Throughput[];
  kafkajs: Throughput[];
  platformatic: Throughput[];
  /** Best round of each, so that a noisy moment on a shared machine does not decide. */
  best: { relay: number; kafkajs: number; platformatic: number };
  relayToKafkajs: number;
  lag: { rate: number; events: number; achievedRate: number; p50: number; p99: number; max: number };
}

/** The relay's default batch, which the bare producers send too. */
const BATCH = 1_000;
const LAG_WARMUP_SECONDS = 2;
const PARTITIONS = 6;

export async function runKafkaBench(options: KafkaBenchOptions): Promise<KafkaBenchResult> {
  const { log } = options;
  const schema = `${SCHEMA_PREFIX}${options.runId}_kafka`;
  const topicPrefix = `bench.${options.runId}.`;
  const sql = createPgClient({ connectionString: options.url, max: 8 });
  const kafka = createKafka({ brokers: options.brokers, clientId: 'ledger-bench' });
  const created: string[] = [];
  try {
    const store = await createPostgresEventStore(sql, { schema });
    log(`  kafka: seeding ${options.events.toLocaleString('en-US')} events`);
    const { lastPosition } = await seed(sql, schema, options.events, () => undefined, log, 'kafka');
    await waitUntilVisible(sql, schema, lastPosition);
    // The messages the relay will publish, in its order; nothing else of the seeding stays in memory,
    // since a bigger heap slows kafkajs down (every line runs with these messages resident).
    const messages = (await store.readAll({ maxCount: options.events })).map((event) =>
      toKafkaMessage(event),
    );
    const batches: LedgerKafkaMessage[][] = [];
    for (let i = 0; i < messages.length; i += BATCH) batches.push(messages.slice(i, i + BATCH));

    const topics = async (line: string) => {
      const prefix = `${topicPrefix}${line}.`;
      const names = LEDGER_TOPIC_NAMES.map((t) => prefix + t);
      const admin = kafka.admin();
      await admin.connect();
      await admin.createTopics({
        waitForLeaders: true,
        topics: names.map((topic) => ({ topic, numPartitions: PARTITIONS, replicationFactor: 1 })),
      });
      await admin.disconnect();
      created.push(...names);
      return prefix;
    };

    const result: Omit<KafkaBenchResult, 'best' | 'relayToKafkajs' | 'lag'> = {
      events: messages.length,
      batchSize: BATCH,
      partitions: PARTITIONS,
      relay: [],
      kafkajs: [],
      platformatic: [],
    };
    for (let round = 1; round <= options.rounds; round++) {
      const kafkajsPrefix = await topics(`kafkajs${round}`);
      result.kafkajs.push(await timed(messages.length, () => sendWithKafkajs(kafka, batches, kafkajsPrefix)));
      log(`  kafka: bare kafkajs round ${round}: ${rate(result.kafkajs.at(-1))}`);

      const relayPrefix = await topics(`relay${round}`);
      result.relay.push(
        await timed(messages.length, () =>
          relayOnce({ sql, schema, kafka, store }, `bench-${round}`, relayPrefix, lastPosition),
        ),
      );
      log(`  kafka: relay round ${round}: ${rate(result.relay.at(-1))}`);

      const platformaticPrefix = await topics(`platformatic${round}`);
      result.platformatic.push(
        await timed(messages.length, () =>
          sendWithPlatformatic(options.brokers, batches, platformaticPrefix),
        ),
      );
      log(`  kafka: bare @platformatic/kafka round ${round}: ${rate(result.platformatic.at(-1))}`);
    }
    const best = {
      relay: Math.max(...result.relay.map((t) => t.eventsPerSecond)),
      kafkajs: Math.max(...result.kafkajs.map((t) => t.eventsPerSecond)),
      platformatic: Math.max(...result.platformatic.map((t) => t.eventsPerSecond)),
    };

    log(`  kafka: end-to-end lag at ${options.lagRate} events/s for ${options.lagSeconds} s`);
    const lagPrefix = await topics('lag');
    const lag = await measureLag({ sql, schema, kafka, store }, lagPrefix, options);
    await store.close();
    return { ...result, best, relayToKafkajs: best.relay / best.kafkajs, lag };
  } finally {
    const admin = kafka.admin();
    await admin.connect();
    await admin.deleteTopics({ topics: created }).catch(() => undefined);
    await admin.disconnect();
    await sql.query(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`).catch(() => undefined);
    await sql.close();
  }
}

const rate = (t: Throughput | undefined) =>
  t ? `${Math.round(t.eventsPerSecond).toLocaleString('en-US')} events/s` : '-';

async function timed(events: number, run: () => Promise<void>): Promise<Throughput> {
  const started = performance.now();
  await run();
  const seconds = (performance.now() - started) / 1000;
  return { seconds, eventsPerSecond: events / seconds };
}

/** The relay's producer settings: idempotent, acks=all, one request in flight, murmur2. */
async function sendWithKafkajs(kafka: Kafka, batches: LedgerKafkaMessage[][], prefix: string): Promise<void> {
  const producer = kafka.producer(relayProducerConfig());
  await producer.connect();
  try {
    for (const batch of batches) {
      const byTopic = new Map<string, Message[]>();
      for (const { topic, key, value, headers, timestamp } of batch) {
        const list = byTopic.get(prefix + topic) ?? [];
        list.push({ key, value, headers, timestamp });
        byTopic.set(prefix + topic, list);
      }
      await producer.sendBatch({
        acks: -1,
        topicMessages: [...byTopic].map(([topic, messages]) => ({ topic, messages })),
      });
    }
  } finally {
    await producer.disconnect();
  }
}

async function sendWithPlatformatic(
  brokers: string[],
  batches: LedgerKafkaMessage[][],
  prefix: string,
): Promise<void> {
  const producer = new PlatformaticProducer({
    clientId: 'ledger-bench-platformatic',
    bootstrapBrokers: brokers,
    idempotent: true,
    acks: ProduceAcks.ALL,
    serializers: stringSerializers,
  });
  try {
    for (const batch of batches) {
      await producer.send({
        messages: batch.map(({ topic, key, value, headers }) => ({
          topic: prefix + topic,
          key,
          value,
          headers,
        })),
      });
    }
  } finally {
    await producer.close();
  }
}

/** Where the relays of the benchmark read and keep their checkpoints. */
interface RelayBench {
  sql: SqlClient;
  schema: string;
  kafka: Kafka;
  store: Awaited<ReturnType<typeof createPostgresEventStore>>;
}

/** A relay of its own (name, topics), with its topics created and its checkpoint table at hand. */
async function benchRelay(bench: RelayBench, name: string, prefix: string) {
  const relay = await createKafkaRelay({
    ...bench,
    name,
    topics: { prefix, partitions: PARTITIONS },
    logger: quietLogger,
  });
  await relay.ensureTopics();
  return { relay, checkpoints: new RelayCheckpoints(bench.sql, bench.schema, name) };
}

/** Publishes the seeded log from position 0 with a relay of its own; returns once Kafka acknowledged it all. */
async function relayOnce(bench: RelayBench, name: string, prefix: string, last: bigint): Promise<void> {
  const { relay, checkpoints } = await benchRelay(bench, name, prefix);
  relay.start();
  try {
    while ((await checkpoints.read()).checkpoint < last) await sleep(5);
  } finally {
    await relay.stop();
  }
}

async function measureLag(
  bench: RelayBench,
  prefix: string,
  options: KafkaBenchOptions,
): Promise<KafkaBenchResult['lag']> {
  const { kafka, store } = bench;
  const { relay, checkpoints } = await benchRelay(bench, 'bench-lag', prefix);
  // Only what is appended from now on.
  await checkpoints.advance(await store.headPosition());
  const appendedAt = new Map<string, number>();
  const lags: number[] = [];
  const consumer = kafka.consumer({ groupId: `ledger-bench-lag-${randomUUID()}` });
  await consumer.connect();
  await consumer.subscribe({ topics: LEDGER_TOPIC_NAMES.map((t) => prefix + t), fromBeginning: true });
  const joined = new Promise<void>((resolve) => consumer.on(consumer.events.GROUP_JOIN, () => resolve()));
  await consumer.run({
    eachMessage: async ({ message }) => {
      const { id } = parseLedgerMessage(message);
      const at = appendedAt.get(id);
      if (at !== undefined) lags.push(performance.now() - at);
    },
  });
  await joined;
  relay.start();
  // The first appends also wait for the relay's producer to connect: they warm up, unmeasured.
  const warmup = Math.round(options.lagRate * LAG_WARMUP_SECONDS);
  const measured = Math.round(options.lagRate * options.lagSeconds);
  const total = warmup + measured;
  const started = performance.now();
  let measuredFrom = started;
  try {
    // Every 10 ms, the appends that bring the count up to rate × elapsed, one event each, as writers would.
    let appended = 0;
    const inFlight = new Set<Promise<unknown>>();
    while (appended < total) {
      const due = Math.min(total, Math.floor(((performance.now() - started) / 1000) * options.lagRate));
      for (; appended < due; appended++) {
        const operationId = randomUUID();
        const event = raidConducted(operationId);
        if (appended === warmup) measuredFrom = performance.now();
        if (appended >= warmup) appendedAt.set(event.eventId, performance.now());
        const append = store.appendToStream(`operation-${operationId}`, [event]);
        inFlight.add(append);
        void append.finally(() => inFlight.delete(append));
      }
      await sleep(10);
    }
    await Promise.all(inFlight);
    const achievedRate = measured / ((performance.now() - measuredFrom) / 1000);
    const deadline = Date.now() + 60_000;
    while (lags.length < measured && Date.now() < deadline) await sleep(20);
    const sorted = Float64Array.from(lags).sort();
    return {
      rate: options.lagRate,
      events: lags.length,
      achievedRate,
      p50: quantile(sorted, 0.5),
      p99: quantile(sorted, 0.99),
      max: sorted.at(-1) ?? Number.NaN,
    };
  } finally {
    await relay.stop();
    await consumer.disconnect();
  }
}

const quietLogger = { log: () => undefined, error: (line: string) => process.stderr.write(`${line}\n`) };
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
