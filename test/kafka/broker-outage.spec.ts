/**
 * The broker is stopped for 30 s while writers append, then started again: the relay retries,
 * says it is unhealthy meanwhile, loses nothing, and catches up once the broker is back.
 */
import { afterAll, beforeAll, expect, it } from '@jest/globals';
import type { KafkaRelay } from '@ledger/kafka';
import { isSkipped } from '../support/infra.js';
import { startPrivateBroker } from '../support/kafka-broker.js';
import {
  collector,
  describeWithKafka,
  expectDelivered,
  runWriters,
  sleep,
  until,
  wholeLog,
} from './support.js';

const OUTAGE_MS = 30_000;
const broker = await startPrivateBroker();

describeWithKafka(
  'a broker that stops for 30 s while writers append',
  isSkipped(broker) ? broker : { brokers: broker.brokers, stop: () => broker.close() },
  (env) => {
    let relay: KafkaRelay;

    beforeAll(async () => {
      relay = await env().newRelay();
      await relay.ensureTopics();
      relay.start();
    });

    it('loses nothing: the relay retries, reports unhealthy, and catches up when the broker returns', async () => {
      if (isSkipped(broker)) throw new Error('unreachable: the suite is skipped');
      let writing = true;
      // About 100 events/s: a steady stream before, during and after the outage.
      const writers = runWriters(env().store, 2, () => !writing, { seed: 23, pauseMs: 20 });
      const statuses = new Set<string>();
      let operations: number;
      try {
        await sleep(3_000);
        const before = await relay.health();
        expect(before.status).toBe('running');
        await broker.stop();
        const outageEnds = Date.now() + OUTAGE_MS;
        while (Date.now() < outageEnds) {
          const health = await relay.health();
          statuses.add(health.status);
          if (health.status === 'retrying') {
            expect(health.healthy).toBe(false);
            expect(health.error).toMatch(/Kafka did not acknowledge the batch from position \d+|connect/i);
          }
          await sleep(1_000);
        }
        const during = await relay.health();
        expect(during.behindEvents).toBeGreaterThan(100);
        await broker.start();
        await sleep(3_000);
      } finally {
        writing = false;
        operations = await writers;
      }
      const log = await wholeLog(env());
      await until('the relay caught up', async () => (await relay.health()).behindEvents === 0, 60_000);
      expect(await relay.health()).toMatchObject({ status: 'running', healthy: true, error: null });
      expect(statuses).toContain('retrying');

      const consumer = await collector(env());
      try {
        await consumer.waitForAll(log.length, 60_000);
        const duplicates = expectDelivered(log, consumer.received);
        console.log(
          `broker outage test: ${operations} operations, ${log.length} events, ${OUTAGE_MS / 1000} s outage, ${duplicates} redeliveries`,
        );
      } finally {
        await consumer.stop();
      }
    }, 180_000);

    afterAll(() => relay.stop());
  },
);
