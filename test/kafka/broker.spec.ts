/**
 * The private broker of test/support/kafka-broker.ts (deploy/local/kafka.sh underneath) is a
 * real Kafka broker whose data survives a stop and a start: a message produced before the
 * broker stops is consumed after it starts again.
 */
import { randomUUID } from 'node:crypto';
import { afterAll, describe, expect, it } from '@jest/globals';
import kafkajs, { type Kafka } from 'kafkajs';
import { isSkipped } from '../support/infra.js';
import { startPrivateBroker } from '../support/kafka-broker.js';

const broker = await startPrivateBroker();

if (isSkipped(broker)) {
  console.log(broker.skip);
  describe.skip(`a private Kafka broker (${broker.skip})`, () => {
    it('needs java and the Kafka jars', () => undefined);
  });
} else {
  describe('a private Kafka broker', () => {
    afterAll(() => broker.close());

    const client = (): Kafka =>
      new kafkajs.Kafka({
        clientId: 'broker-spec',
        brokers: broker.brokers,
        logLevel: kafkajs.logLevel.NOTHING,
        retry: { retries: 5, initialRetryTime: 200 },
      });

    it('keeps a message across a stop and a start', async () => {
      const topic = `broker-spec-${randomUUID()}`;
      const value = `survives a restart ${randomUUID()}`;

      const admin = client().admin();
      await admin.connect();
      expect(await admin.createTopics({ topics: [{ topic, numPartitions: 1 }], waitForLeaders: true })).toBe(
        true,
      );
      await admin.disconnect();

      const producer = client().producer();
      await producer.connect();
      const [sent] = await producer.send({ topic, acks: -1, messages: [{ key: 'k', value }] });
      await producer.disconnect();
      expect(sent?.errorCode).toBe(0);

      await broker.stop();
      await broker.start();

      const consumer = client().consumer({ groupId: `broker-spec-${randomUUID()}` });
      try {
        await consumer.connect();
        await consumer.subscribe({ topics: [topic], fromBeginning: true });
        const received = await new Promise<{ key?: string; value?: string; offset: string }>(
          (resolve, reject) => {
            const timer = setTimeout(() => reject(new Error('no message within 30 s')), 30_000);
            consumer
              .run({
                eachMessage: async ({ message }) => {
                  clearTimeout(timer);
                  resolve({
                    key: message.key?.toString(),
                    value: message.value?.toString(),
                    offset: message.offset,
                  });
                },
              })
              .catch(reject);
          },
        );
        expect(received).toEqual({ key: 'k', value, offset: '0' });
      } finally {
        await consumer.disconnect();
      }
    }, 120_000);
  });
}
