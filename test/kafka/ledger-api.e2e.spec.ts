/**
 * ledger-api with KAFKA_BROKERS set runs the relay in its own process, on the embedded default
 * as on the PostgreSQL server: what a command records reaches Kafka, and the admin endpoint
 * reports on the relay.
 */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { createKafka, type ReceivedLedgerEvent } from '@ledger/kafka';
import { SIHANOUKVILLE_OPERATION_ID, SIHANOUKVILLE_OPERATION_STEPS } from '@ledger/domain/fixtures';
import { replay } from '../support/command-routes.js';
import { isSkipped, uniqueSchemaName } from '../support/infra.js';
import { resolveKafka } from '../support/kafka-broker.js';
import { ledgerBackends, type RunningLedger, startLedger } from '../support/ledger-app.js';
import { consumeLedger, type LedgerConsumer } from './consumer-example/consume-ledger.js';
import { prefixedTopics, until } from './support.js';

const broker = await resolveKafka();

if (isSkipped(broker)) {
  console.log(broker.skip);
  describe.skip(`ledger-api publishing to Kafka (${broker.skip})`, () => {
    it('needs Kafka', () => undefined);
  });
} else {
  const { brokers } = broker;
  afterAll(() => broker.stop());

  describe.each(await ledgerBackends())('ledger-api publishing to Kafka in-process ($name)', (backend) => {
    const prefix = `${uniqueSchemaName('api')}.`;
    const kafka = createKafka({ brokers, clientId: prefix });
    const ledgerTopics = prefixedTopics(kafka, prefix);
    const { topics } = ledgerTopics;
    const received: ReceivedLedgerEvent[] = [];
    let ledger: RunningLedger;
    let consumer: LedgerConsumer | undefined;
    let analyst: string;

    beforeAll(async () => {
      ledger = await startLedger(backend, { KAFKA_BROKERS: brokers.join(','), KAFKA_TOPIC_PREFIX: prefix });
      analyst = await ledger.token('ncct', 'analyst');
      await ledgerTopics.created();
      consumer = await consumeLedger(kafka, {
        groupId: `${prefix}test`,
        topics,
        onEvent: (event) => void received.push(event),
      });
    });
    afterAll(async () => {
      await consumer?.stop();
      await ledger?.close();
      await ledgerTopics.remove();
    });

    it('publishes what the commands recorded, and reports the relay caught up', async () => {
      const positions = await replay(ledger, SIHANOUKVILLE_OPERATION_STEPS);
      const last = positions.at(-1);
      const stream = `operation-${SIHANOUKVILLE_OPERATION_ID}`;
      const history = await ledger.request('GET', `/operations/${SIHANOUKVILLE_OPERATION_ID}/events`, {
        token: analyst,
      });
      expect(history.status).toBe(200);
      const eventIds = (history.body.events as { eventId: string }[]).map((e) => e.eventId);
      await until('every recorded event reached Kafka', async () => received.length >= eventIds.length);
      expect(received.map((r) => r.id)).toEqual(eventIds);
      expect(received.every((r) => r.subject === stream)).toBe(true);
      expect(String(received.at(-1)?.position)).toBe(last);

      await until('the relay stored its checkpoint', async () => {
        const { body } = await ledger.request('GET', '/admin/kafka-relay', { token: analyst });
        return body.checkpoint === last;
      });
      const { status, body } = await ledger.request('GET', '/admin/kafka-relay', { token: analyst });
      expect(status).toBe(200);
      expect(body).toMatchObject({
        name: 'kafka',
        status: 'running',
        healthy: true,
        behindEvents: 0,
        error: null,
      });
    });
  });

  describe('ledger-api without KAFKA_BROKERS', () => {
    let ledger: RunningLedger;
    beforeAll(async () => {
      ledger = await startLedger({ name: 'pglite' });
    });
    afterAll(() => ledger?.close());

    it('says that it does not publish to Kafka', async () => {
      const answer = await ledger.request('GET', '/admin/kafka-relay', {
        token: await ledger.token('ncct', 'analyst'),
      });
      expect(answer.status).toBe(404);
      expect(answer.body.detail).toContain('KAFKA_BROKERS is not set');
    });
  });
}
