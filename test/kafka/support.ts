/**
 * What the Kafka integration tests share: a real broker (KAFKA_BROKERS, a container, or a
 * reason to skip), a PostgreSQL event store, topics of their own (a unique prefix), writers,
 * a consumer that collects what arrives, and the check that every event arrived, in order per
 * stream, with duplicates only as redeliveries of the same ce_id.
 */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { createPostgresEventStore, type EventStore, type RecordedEvent } from '@ledger/event-store';
import {
  createKafka,
  createKafkaRelay,
  LEDGER_TOPIC_NAMES,
  type KafkaRelay,
  type KafkaRelayOptions,
  type ReceivedLedgerEvent,
} from '@ledger/kafka';
import { syntheticEventData, syntheticOperation } from '@ledger/read-models/fixtures';
import { createPgClient, type SqlClient } from '@ledger/sql';
import type { Kafka } from 'kafkajs';
import { isSkipped, resolvePostgres, uniqueSchemaName } from '../support/infra.js';
import { resolveKafka, type ResolvedKafka } from '../support/kafka-broker.js';
import { consumeLedger, type Delivery } from './consumer-example/consume-ledger.js';
import { visibleLog } from '../support/ledger-records.js';
import { sleep, until as waitUntil } from '../support/wait.js';

export interface KafkaTestEnv {
  readonly brokers: string[];
  readonly kafka: Kafka;
  readonly sql: SqlClient;
  readonly store: EventStore;
  /** Schema of the store, the relay's checkpoint and any read models. */
  readonly schema: string;
  /** This file's own topic prefix: tests never see each other's messages. */
  readonly prefix: string;
  readonly topics: string[];
  newRelay(options?: Partial<KafkaRelayOptions>): Promise<KafkaRelay>;
}

export const postgres = await resolvePostgres();

/** The broker the test files share: see resolveKafka. */
export const sharedBroker = (): Promise<ResolvedKafka> => resolveKafka();

/**
 * Runs `body` against `broker` and a PostgreSQL server, or skips with one line saying why.
 * `broker.stop()` runs at the end (a broker from KAFKA_BROKERS keeps running).
 */
export function describeWithKafka(
  title: string,
  broker: ResolvedKafka,
  body: (env: () => KafkaTestEnv) => void,
): void {
  if (isSkipped(postgres) || isSkipped(broker)) {
    const skip = isSkipped(postgres) ? postgres.skip : (broker as { skip: string }).skip;
    console.log(skip);
    describe.skip(`${title} (${skip})`, () => {
      it('needs Kafka and PostgreSQL', () => undefined);
    });
    return;
  }
  const { url } = postgres;
  const { brokers } = broker;
  describe(title, () => {
    let env: KafkaTestEnv | undefined;
    let ledgerTopics: ReturnType<typeof prefixedTopics> | undefined;
    const relays: KafkaRelay[] = [];
    beforeAll(async () => {
      const sql = createPgClient({ connectionString: url, max: 16 });
      const schema = uniqueSchemaName('kafka');
      const store = await createPostgresEventStore(sql, { schema });
      const prefix = `${schema}.`;
      const kafka = createKafka({ brokers, clientId: schema });
      ledgerTopics = prefixedTopics(kafka, prefix);
      env = {
        brokers,
        kafka,
        sql,
        store,
        schema,
        prefix,
        topics: ledgerTopics.topics,
        async newRelay(options = {}) {
          const relay = await createKafkaRelay({
            store,
            sql,
            schema,
            kafka,
            topics: { prefix, partitions: 3 },
            retry: { initialMs: 100, maxMs: 1_000 },
            logger: quietLogger(),
            ...options,
          });
          relays.push(relay);
          return relay;
        },
      };
    });
    body(() => {
      if (!env) throw new Error('the test environment is not ready yet');
      return env;
    });
    afterAll(async () => {
      if (!env) return;
      for (const relay of relays) await relay.stop();
      await ledgerTopics?.remove();
      await env.store.close();
      await env.sql.query(`DROP SCHEMA IF EXISTS "${env.schema}" CASCADE`);
      await env.sql.close();
      await broker.stop();
    });
  });
}

/** Keeps errors (a failing test prints them), drops the rest. */
export function quietLogger(): { log(m: string): void; error(m: string): void; errors: string[] } {
  const errors: string[] = [];
  return { log: () => undefined, error: (m) => void errors.push(m), errors };
}

export interface Received extends Delivery {
  message: ReceivedLedgerEvent;
}

/** Collects every message of `topics` from the beginning, until `stop()`. */
export async function collector(env: KafkaTestEnv, groupId = uniqueSchemaName('group')) {
  const received: Received[] = [];
  const consumer = await consumeLedger(env.kafka, {
    groupId,
    topics: env.topics,
    onEvent: (message, delivery) => void received.push({ message, ...delivery }),
  });
  return {
    received,
    /** Distinct event ids received so far. */
    distinct: () => new Set(received.map((r) => r.message.id)).size,
    async waitForAll(expected: number, timeoutMs = 60_000): Promise<void> {
      const deadline = Date.now() + timeoutMs;
      while (new Set(received.map((r) => r.message.id)).size < expected) {
        if (Date.now() > deadline) {
          throw new Error(`${new Set(received.map((r) => r.message.id)).size} of ${expected} events arrived`);
        }
        await sleep(50);
      }
    },
    stop: () => consumer.stop(),
  };
}

/**
 * `writers` concurrent writers append synthetic operations (with their cases and deportations)
 * one event per append until `stop()` says so. Resolves to the number of operations.
 */
export function runWriters(
  store: EventStore,
  writers: number,
  stop: () => boolean,
  options: { seed?: number; pauseMs?: number } = {},
): Promise<number> {
  let operations = 0;
  return Promise.all(
    Array.from({ length: writers }, async () => {
      while (!stop()) {
        for (const append of syntheticOperation(options.seed ?? 4, operations++)) {
          await store.appendToStream(append.streamId, [syntheticEventData(append)]);
          if (options.pauseMs) await sleep(options.pauseMs);
        }
      }
    }),
  ).then(() => operations);
}

/**
 * The whole log once every committed append shows: `readAll` on PostgreSQL stops at the oldest transaction open
 * anywhere on the server (another suite may hold one), so what was just appended may show only later.
 */
export async function wholeLog({
  store,
  sql,
  schema,
}: Pick<KafkaTestEnv, 'store' | 'sql' | 'schema'>): Promise<RecordedEvent[]> {
  const { rows } = await sql.query<{ committed: number }>(
    `SELECT count(*)::int AS committed FROM "${schema}".events`,
  );
  const committed = rows[0]?.committed ?? 0;
  return visibleLog(store, (events) => events.length >= committed, 60_000);
}

/**
 * Every event of the log arrived; nothing else did; per stream, the first delivery of each event
 * came in revision order with no gap; every other delivery repeats an earlier one exactly.
 * Returns the number of redeliveries.
 */
export function expectDelivered(log: readonly RecordedEvent[], received: readonly Received[]): number {
  const byId = new Map(log.map((e) => [e.eventId, e]));
  const first = new Map<string, Received>();
  const nextRevision = new Map<string, number>();
  let duplicates = 0;
  for (const r of received) {
    const { message } = r;
    const event = byId.get(message.id);
    if (!event) throw new Error(`received ${message.id}, which is not in the log`);
    const earlier = first.get(message.id);
    if (earlier) {
      duplicates += 1;
      expect(r.message).toEqual(earlier.message);
      expect([r.topic, r.partition]).toEqual([earlier.topic, earlier.partition]);
      continue;
    }
    first.set(message.id, r);
    const expected = nextRevision.get(event.streamId) ?? 0;
    if (event.revision !== expected) {
      throw new Error(
        `${event.streamId}: revision ${event.revision} arrived first when ${expected} was due (${message.id})`,
      );
    }
    nextRevision.set(event.streamId, expected + 1);
    expect(message.subject).toBe(event.streamId);
    expect(message.position).toBe(event.position);
  }
  const missing = log.filter((e) => !first.has(e.eventId));
  if (missing.length > 0) {
    throw new Error(
      `${missing.length} events never arrived, the first at position ${missing[0]?.position} of ${missing[0]?.streamId}`,
    );
  }
  return duplicates;
}

export { sleep } from '../support/wait.js';

/** Broker round trips are slower than the database's: a longer bound, a coarser poll. */
export const until = (what: string, check: () => Promise<boolean>, timeoutMs = 30_000): Promise<void> =>
  waitUntil(what, check, timeoutMs, 50);

/** The ledger's topics under a prefix of their own, as a ledger-api started with KAFKA_TOPIC_PREFIX creates them. */
export function prefixedTopics(kafka: Kafka, prefix: string) {
  const topics = LEDGER_TOPIC_NAMES.map((topic) => prefix + topic);
  const withAdmin = async <T>(work: (admin: ReturnType<Kafka['admin']>) => Promise<T>): Promise<T> => {
    const admin = kafka.admin();
    await admin.connect();
    try {
      return await work(admin);
    } finally {
      await admin.disconnect();
    }
  };
  return {
    topics,
    created: () =>
      until('the relay created its topics', async () => {
        const existing = await withAdmin((admin) => admin.listTopics());
        return topics.every((topic) => existing.includes(topic));
      }),
    /** Deletes those of the topics that exist: a test may end before the relay created them all. */
    remove: () =>
      withAdmin(async (admin) => {
        const existing = new Set(await admin.listTopics());
        const present = topics.filter((topic) => existing.has(topic));
        if (present.length > 0) await admin.deleteTopics({ topics: present });
      }),
  };
}
