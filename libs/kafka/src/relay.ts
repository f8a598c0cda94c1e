import {
  batches,
  defaultEventCounter,
  type BatchOptions,
  type EventCounter,
  type EventStore,
  type EventSubscription,
  type RecordedEvent,
} from '@ledger/event-store';
import type { KafkaConfig } from '@ledger/config';
import { UnreadableEventError } from '@ledger/domain';
import { backoffDelay, InterruptiblePause, messageOf, type SqlClient } from '@ledger/sql';
import kafkajs, { type Admin, type Kafka, type Message, type Producer, type ProducerConfig } from 'kafkajs';
import { DEFAULT_CE_SOURCE, toKafkaMessage } from './cloud-events.js';
import { createKafka } from './kafka-client.js';
import { RelayCheckpoints, type RelayState, type RelayStatus } from './relay-checkpoints.js';
import { LEDGER_TOPIC_NAMES, publishedTopicOf, UnroutableStreamError } from './topics.js';

export interface RelayLogger {
  log(message: string): void;
  error(message: string): void;
}

const TOPIC_SETUP_ATTEMPTS = 10;

/** The broker knows the topic but does not serve it yet (a topic created a moment ago). */
const isMetadataNotReady = (err: unknown): boolean =>
  ['UNKNOWN_TOPIC_OR_PARTITION', 'LEADER_NOT_AVAILABLE'].includes(String((err as { type?: unknown })?.type));

export const DEFAULT_TOPIC_SETTINGS = { partitions: 6, replicationFactor: 1, retentionMs: -1 } as const;

export interface TopicSettings {
  /** Put before every topic name, for clusters that several ledgers (or environments) share. Default ''. */
  prefix?: string;
  /** Default 6. Never lowered on an existing topic: keys would move to other partitions. */
  partitions?: number;
  /** Default 1 (one broker); 3 in a cluster. */
  replicationFactor?: number;
  /** Default -1 (forever): consumers may rebuild their state from the topics alone. */
  retentionMs?: number;
}

export interface RetryOptions {
  /** First pause after a failure. Default 250. */
  initialMs?: number;
  /** Longest pause; it bounds how long the relay takes to notice that Kafka is back. Default 5,000. */
  maxMs?: number;
}

export interface KafkaRelayOptions {
  store: EventStore;
  /** Holds the checkpoint table. */
  sql: SqlClient;
  schema: string;
  kafka: Kafka;
  /** Key of the checkpoint; two relays with different names publish independently. Default 'kafka'. */
  name?: string;
  topics?: TopicSettings;
  /** Events per Kafka request. Default 1,000 events or 10 ms. */
  batch?: BatchOptions;
  /** `ce_source` of every message. Default '/coordination-ledger'. */
  source?: string;
  retry?: RetryOptions;
  /**
   * Longest wait for Kafka to acknowledge a batch. kafkajs retries inside a send for a long
   * while; past this the relay gives up on the send, reports itself unhealthy and retries on its
   * own, with a fresh producer. Default 10,000.
   */
  sendTimeoutMs?: number;
  logger?: RelayLogger;
  countEvents?: EventCounter;
}

export interface RelayHealth extends RelayState {
  /** True while running: every failure so far was followed by a success. */
  healthy: boolean;
  head: bigint;
  /** Events in the log that Kafka has not acknowledged yet. */
  behindEvents: number;
}

const DEFAULT_BATCH = { maxEvents: 1_000, maxWaitMs: 10 } as const;
const PROGRESS_MS = 10_000;

/** The relay's producer settings (the benchmark's bare producer uses them too). */
export const relayProducerConfig = (): ProducerConfig => ({
  idempotent: true,
  // One request per broker at a time: a retried request cannot overtake a later one.
  maxInFlightRequests: 1,
  // A few quick retries inside kafkajs (a leader moved); longer outages come back to the relay.
  retry: { retries: 5, initialRetryTime: 100, maxRetryTime: 2_000 },
  // Murmur2, as the Java client: a consumer in any language finds a stream's partition.
  createPartitioner: kafkajs.Partitioners.DefaultPartitioner,
});

/** A batch that was not published; nothing after its predecessor's checkpoint is taken for done. */
class PublishFailed extends Error {
  constructor(
    readonly position: bigint,
    cause: unknown,
  ) {
    super(
      isUnpublishable(cause)
        ? `cannot publish the batch from position ${position}: ${cause.message}`
        : `Kafka did not acknowledge the batch from position ${position}: ${messageOf(cause)}`,
      { cause },
    );
  }
}

/** The lease of one relay: whoever holds it publishes from that checkpoint. */
export const relayLeaseName = (schema: string, relay: string): string => `kafka-relay:${schema}.${relay}`;

/** The relay as configured (see KafkaConfig): the same in ledger-api and in apps/kafka-relay. */
export function createConfiguredRelay(
  config: KafkaConfig,
  deps: { store: EventStore; sql: SqlClient; schema: string; logger: RelayLogger },
): Promise<KafkaRelay> {
  return createKafkaRelay({
    ...deps,
    kafka: createKafka(config, deps.logger),
    topics: config.relay,
    source: config.relay.source,
  });
}

/** Creates the checkpoint table if missing; `start()` then publishes. */
export async function createKafkaRelay(options: KafkaRelayOptions): Promise<KafkaRelay> {
  const relay = new KafkaRelay(options);
  await relay.migrate();
  return relay;
}

/**
 * Publishes the event log to Kafka, at least once and in order per stream: each batch goes out
 * through an idempotent producer with acks=all, and the checkpoint moves only after Kafka
 * acknowledged it. After a crash the batches past the checkpoint go out again, with the same
 * `ce_id`. While Kafka or the store does not answer, it retries with backoff and says so in its
 * status; it never skips an event.
 */
export class KafkaRelay {
  readonly name: string;
  private readonly checkpoints: RelayCheckpoints;
  private readonly logger: RelayLogger;
  private readonly batch: Required<BatchOptions>;
  private readonly countEvents: EventCounter;
  private readonly source: string;
  private readonly retry: Required<RetryOptions>;
  private loop: Promise<void> | undefined;
  private stopping = false;
  private subscription: EventSubscription | undefined;
  private producer: Producer | undefined;
  private topicsReady = false;
  private readonly pause = new InterruptiblePause();
  private readonly topicPrefix: string;

  constructor(private readonly options: KafkaRelayOptions) {
    this.name = options.name ?? 'kafka';
    this.checkpoints = new RelayCheckpoints(options.sql, options.schema, this.name);
    this.logger = options.logger ?? console;
    this.batch = { ...DEFAULT_BATCH, ...options.batch };
    this.countEvents = options.countEvents ?? defaultEventCounter(options.store, options.sql);
    this.source = options.source ?? DEFAULT_CE_SOURCE;
    this.retry = { initialMs: 250, maxMs: 5_000, ...options.retry };
    this.topicPrefix = options.topics?.prefix ?? '';
  }

  /** The topics this relay publishes to. */
  get topics(): string[] {
    return LEDGER_TOPIC_NAMES.map((topic) => this.topicPrefix + topic);
  }

  migrate(): Promise<void> {
    return this.checkpoints.migrate();
  }

  /** Publishes from the stored checkpoint, in the background, until `stop()`. */
  start(): void {
    this.stopping = false;
    this.loop ??= this.run().finally(() => {
      this.loop = undefined;
    });
  }

  /** Waits for the batch in flight to be acknowledged (or to fail) and its checkpoint stored. */
  async stop(): Promise<void> {
    this.stopping = true;
    this.pause.interrupt();
    await this.subscription?.stop();
    await this.loop;
    await this.disconnectProducer();
    // A recorded failure stays visible after the stop, as a projection's does.
    await this.checkpoints.markStopped().catch((err: unknown) => {
      this.logger.error(`relay ${this.name}: could not record that it stopped: ${messageOf(err)}`);
    });
  }

  /** Health as stored, so it reads the same from any process, plus the lag behind the log. */
  async health(): Promise<RelayHealth> {
    const state = await this.checkpoints.read();
    const head = await this.options.store.headPosition();
    const behindEvents = head > state.checkpoint ? await this.countEvents(state.checkpoint, head) : 0;
    return { ...state, healthy: state.status === 'running', head, behindEvents };
  }

  private async run(): Promise<void> {
    let failures = 0;
    while (!this.stopping) {
      try {
        await this.ensureTopics();
        const { checkpoint } = await this.checkpoints.read();
        await this.setStatus('running');
        this.logger.log(`relay ${this.name} publishes the log after position ${checkpoint}`);
        await this.publishFrom(checkpoint, () => {
          if (failures > 0) this.logger.log(`relay ${this.name} publishes again after ${failures} failures`);
          failures = 0;
        });
      } catch (err) {
        if (this.stopping) break;
        const position = err instanceof PublishFailed ? err.position : null;
        if (err instanceof PublishFailed && isUnpublishable(err.cause)) {
          this.logger.error(`relay ${this.name} failed and waits for a fix and a restart: ${err.message}`);
          await this.setStatus('failed', err.message, position);
          return;
        }
        failures += 1;
        const delay = backoffDelay(failures, this.retry);
        this.logger.error(
          `relay ${this.name} retries in ${delay} ms (failure ${failures}): ${messageOf(err)}`,
        );
        await this.setStatus('retrying', messageOf(err), position);
        // A producer that saw an error may hold stale sequence numbers: start from a fresh one.
        await this.disconnectProducer();
        await this.pause.wait(delay);
      }
    }
  }

  /** Returns when stopped; throws when Kafka or the store fails. */
  private async publishFrom(checkpoint: bigint, onPublished: () => void): Promise<void> {
    const subscription = this.options.store.subscribeToAll({
      after: checkpoint,
      batchSize: this.batch.maxEvents,
    });
    this.subscription = subscription;
    // The checkpoint of batch n is stored while batch n + 1 is sent; in order, since each waits for the last.
    let storing: Promise<void> = Promise.resolve();
    // A long catch-up (a new relay, or after an outage) says how it goes, every PROGRESS_MS.
    let sinceReport = 0;
    let reportedAt = performance.now();
    try {
      for await (const events of batches(subscription[Symbol.asyncIterator](), this.batch)) {
        const last = events.at(-1);
        if (!last) continue;
        await this.send(events);
        await storing;
        storing = this.checkpoints.advance(last.position);
        onPublished();
        sinceReport += events.length;
        const elapsed = performance.now() - reportedAt;
        if (elapsed >= PROGRESS_MS) {
          this.logger.log(
            `relay ${this.name} published ${sinceReport} events in ${(elapsed / 1000).toFixed(0)} s (${Math.round((sinceReport / elapsed) * 1000)} events/s), up to position ${last.position}`,
          );
          sinceReport = 0;
          reportedAt = performance.now();
        }
        if (this.stopping) break;
      }
    } finally {
      this.subscription = undefined;
      await subscription.stop();
      // Even when the loop failed: what Kafka acknowledged keeps its checkpoint.
      await storing.catch(() => undefined);
    }
    await storing;
  }

  private async send(events: readonly RecordedEvent[]): Promise<void> {
    try {
      const byTopic = new Map<string, Message[]>();
      for (const event of events) {
        // One parse per event: the topic found here is the one the message goes to.
        const topic = publishedTopicOf(event.streamId);
        if (topic === null) continue;
        const { key, value, headers, timestamp } = toKafkaMessage(event, this.source, topic);
        let messages = byTopic.get(this.topicPrefix + topic);
        if (!messages) byTopic.set(this.topicPrefix + topic, (messages = []));
        messages.push({ key, value, headers, timestamp });
      }
      if (byTopic.size === 0) return;
      await this.withinSendTimeout(async () => {
        const producer = await this.connectProducer();
        await producer.sendBatch({
          acks: -1,
          topicMessages: [...byTopic].map(([topic, messages]) => ({ topic, messages })),
        });
      });
    } catch (err) {
      throw new PublishFailed(events[0]?.position ?? 0n, err);
    }
  }

  private async withinSendTimeout(send: () => Promise<void>): Promise<void> {
    const ms = this.options.sendTimeoutMs ?? 10_000;
    let timer: ReturnType<typeof setTimeout> | undefined;
    const sending = send();
    // The caller disconnects the producer after a timeout, which ends this send one way or the other.
    sending.catch(() => undefined);
    try {
      await Promise.race([
        sending,
        new Promise<never>((_, reject) => {
          timer = setTimeout(() => reject(new Error(`no acknowledgement within ${ms} ms`)), ms);
        }),
      ]);
    } finally {
      clearTimeout(timer);
    }
  }

  private async connectProducer(): Promise<Producer> {
    if (this.producer) return this.producer;
    const producer = this.options.kafka.producer(relayProducerConfig());
    await producer.connect();
    this.producer = producer;
    return producer;
  }

  private async disconnectProducer(): Promise<void> {
    const producer = this.producer;
    this.producer = undefined;
    await producer?.disconnect().catch(() => undefined);
  }

  /**
   * Creates missing topics; an existing topic keeps its partitions (see TopicSettings). `start()`
   * does it first; a consumer that subscribes before the first event may call it too.
   */
  async ensureTopics(): Promise<void> {
    if (this.topicsReady) return;
    const admin = this.options.kafka.admin();
    await admin.connect();
    try {
      // A broker that just created a topic may not serve its metadata yet: ask again, briefly.
      for (let attempt = 1; ; attempt++) {
        try {
          await this.createMissingTopics(admin);
          break;
        } catch (err) {
          if (this.stopping || attempt >= TOPIC_SETUP_ATTEMPTS || !isMetadataNotReady(err)) throw err;
          // The relay's own pause and backoff: stop() ends the wait, and options.retry applies.
          await this.pause.wait(backoffDelay(attempt, this.retry));
          if (this.stopping) throw err;
        }
      }
      this.topicsReady = true;
    } finally {
      await admin.disconnect();
    }
  }

  private async createMissingTopics(admin: Admin): Promise<void> {
    const settings = this.options.topics ?? {};
    const partitions = settings.partitions ?? DEFAULT_TOPIC_SETTINGS.partitions;
    const replicationFactor = settings.replicationFactor ?? DEFAULT_TOPIC_SETTINGS.replicationFactor;
    const existing = new Set(await admin.listTopics());
    const missing = this.topics.filter((topic) => !existing.has(topic));
    if (missing.length > 0) {
      await admin.createTopics({
        waitForLeaders: true,
        topics: missing.map((topic) => ({
          topic,
          numPartitions: partitions,
          replicationFactor,
          configEntries: [
            {
              name: 'retention.ms',
              value: String(settings.retentionMs ?? DEFAULT_TOPIC_SETTINGS.retentionMs),
            },
            { name: 'min.insync.replicas', value: String(Math.min(2, replicationFactor)) },
          ],
        })),
      });
      this.logger.log(
        `relay ${this.name} created ${missing.join(', ')} with ${partitions} partitions and replication factor ${replicationFactor}`,
      );
    }
    const { topics } = await admin.fetchTopicMetadata({ topics: this.topics });
    for (const topic of topics) {
      if (topic.partitions.length !== partitions) {
        this.logger.log(
          `relay ${this.name}: ${topic.name} has ${topic.partitions.length} partitions, not the configured ${partitions}; left as it is`,
        );
      }
    }
  }

  private async setStatus(status: RelayStatus, error: string | null = null, position: bigint | null = null) {
    try {
      await this.checkpoints.setStatus(status, error, position);
    } catch (err) {
      this.logger.error(`relay ${this.name}: could not record its status ${status}: ${messageOf(err)}`);
    }
  }
}

/** No retry can publish it: only a new release (a topic, an upcaster) can. */
const isUnpublishable = (err: unknown): err is Error =>
  err instanceof UnroutableStreamError || err instanceof UnreadableEventError;
