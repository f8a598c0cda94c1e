import { afterAll, beforeAll, expect, it } from '@jest/globals';
import { CE_TYPE_PREFIX, type KafkaRelay } from '@ledger/kafka';
import { v7 as uuidv7 } from 'uuid';
import {
  collector,
  describeWithKafka,
  sharedBroker,
  expectDelivered,
  runWriters,
  sleep,
  until,
  wholeLog,
} from './support.js';

describeWithKafka('the Kafka relay against a real broker', await sharedBroker(), (env) => {
  let relay: KafkaRelay;
  let consumer: Awaited<ReturnType<typeof collector>>;

  beforeAll(async () => {
    relay = await env().newRelay();
    await relay.ensureTopics();
    relay.start();
    consumer = await collector(env());
  });
  afterAll(() => consumer.stop());

  it('publishes every event of many concurrent writers, in order per stream, exactly once without failures', async () => {
    let writing = true;
    const writers = runWriters(env().store, 6, () => !writing);
    await sleep(3_000);
    writing = false;
    const operations = await writers;
    const log = await wholeLog(env());
    await consumer.waitForAll(log.length);
    // Nothing more comes: whatever arrives late would be a duplicate or a stranger.
    await sleep(500);
    expect(operations).toBeGreaterThan(20);
    expect(expectDelivered(log, consumer.received)).toBe(0);
    const health = await relay.health();
    expect(health).toMatchObject({ status: 'running', healthy: true, behindEvents: 0, error: null });
    expect(health.checkpoint).toBe(log.at(-1)?.position);
  });

  it('routes each category to its topic, keyed by stream, with CloudEvents headers and no personal data', async () => {
    const log = await wholeLog(env());
    const byId = new Map(log.map((e) => [e.eventId, e]));
    const categories = new Set<string>();
    for (const { message, topic } of consumer.received) {
      const event = byId.get(message.id);
      if (!event) throw new Error(`unknown event ${message.id}`);
      const category = event.streamId.slice(0, event.streamId.indexOf('-'));
      categories.add(category);
      expect(topic).toBe(
        `${env().prefix}ledger.${{ operation: 'operations', case: 'cases', deportation: 'deportations', rescue: 'rescues' }[category]}.v1`,
      );
      expect(message.type).toBe(`${CE_TYPE_PREFIX}${event.type}.v${event.schemaVersion}`);
      expect(message.source).toBe('/coordination-ledger');
      expect(message.time).toBe(event.metadata.recordedAt);
      expect(message.event).toMatchObject({
        eventId: event.eventId,
        revision: event.revision,
        data: event.data,
      });
      const actor = event.metadata.actor as { userId: string; agencyId: string; role: string };
      expect(message.event.metadata).toMatchObject({ actor: { agencyId: actor.agencyId, role: actor.role } });
      expect(JSON.stringify(message.event)).not.toContain(actor.userId);
    }
    expect([...categories].sort()).toEqual(['case', 'deportation', 'operation', 'rescue']);
  });

  it('stops on an event it has no topic for, names it, and publishes nothing after it', async () => {
    const before = consumer.distinct();
    const foreign = await env().store.appendToStream('archive-1', [
      { eventId: uuidv7(), type: 'Archived', schemaVersion: 1, data: {}, metadata: {} },
    ]);
    await env().store.appendToStream('operation-after-archive', [
      { eventId: uuidv7(), type: 'JointOperationPlanned', schemaVersion: 1, data: {}, metadata: {} },
    ]);
    // On a server, readers see both appends once older transactions elsewhere have ended.
    await until('the relay reports the failure, two events short of the log', async () => {
      const { status, behindEvents } = await relay.health();
      return status === 'failed' && behindEvents === 2;
    });
    const health = await relay.health();
    expect(health.healthy).toBe(false);
    expect(health.error).toContain('stream archive-1 belongs to no category with a Kafka topic');
    expect(health.errorPosition).toBe(foreign.position);
    expect(health.behindEvents).toBe(2);
    await sleep(500);
    expect(consumer.distinct()).toBe(before);
  });

  it('keeps its recorded failure when it stops, so that the reason is still there to read', async () => {
    await relay.stop();
    const health = await relay.health();
    expect(health.status).toBe('failed');
    expect(health.error).toContain('stream archive-1 belongs to no category with a Kafka topic');
  });
});
