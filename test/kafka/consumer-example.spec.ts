/**
 * The consumer example rebuilds per-province figures from the Kafka topics alone; they must
 * equal the projector's province read model, built from the same log. This checks that the
 * published contract carries what a downstream system needs, and shows deduplication on ce_id.
 */
import { afterAll, beforeAll, expect, it } from '@jest/globals';
import type { KafkaRelay } from '@ledger/kafka';
import {
  createProjector,
  StatisticsQueries,
  statisticsProjection,
  type Projector,
} from '@ledger/read-models';
import { syntheticEventData, syntheticOperation } from '@ledger/read-models/fixtures';
import { september2022Appends } from '../../libs/read-models/src/statistics/september-2022.spec-helper.js';
import { consumeLedger, type LedgerConsumer } from './consumer-example/consume-ledger.js';
import { PROVINCE_FIGURES, ProvinceCounter } from './consumer-example/province-counter.js';
import { describeWithKafka, quietLogger, sharedBroker, until, wholeLog } from './support.js';

describeWithKafka('the consumer example against the projector', await sharedBroker(), (env) => {
  let relay: KafkaRelay;
  let projector: Projector;
  let consumer: LedgerConsumer;
  const counter = new ProvinceCounter();
  let handled = 0;

  beforeAll(async () => {
    relay = await env().newRelay();
    await relay.ensureTopics();
    relay.start();
    projector = await createProjector({
      sql: env().sql,
      store: env().store,
      schema: env().schema,
      projection: statisticsProjection,
      logger: quietLogger(),
    });
    projector.start();
    consumer = await consumeLedger(env().kafka, {
      groupId: `${env().schema}-province-counter`,
      topics: env().topics,
      onEvent: (message) => {
        handled += 1;
        counter.handle(message);
      },
    });
  });
  afterAll(async () => {
    await consumer.stop();
    await projector.stop();
  });

  async function caughtUp(): Promise<number> {
    const log = await wholeLog(env());
    const last = log.at(-1)?.position ?? 0n;
    await until('the projector caught up', () => projector.waitFor(last, 1_000), 60_000);
    await until('the consumer saw every event', async () => handled >= log.length, 60_000);
    return log.length;
  }

  it('reports the Preah Sihanouk raids of September 2022 from the topics alone', async () => {
    for (const { streamId, events } of september2022Appends())
      await env().store.appendToStream(streamId, events);
    await caughtUp();
    expect(counter.byProvince().get('KH-18')).toMatchObject({
      raids: 2,
      persons_screened: 469 + 414,
      premises_inspected: 8 + 1,
      fines_riel: 118_000_000,
    });
  });

  it('equals the projector’s per-province figures over a larger history', async () => {
    for (let i = 0; i < 150; i++) {
      for (const append of syntheticOperation(31, i)) {
        await env().store.appendToStream(append.streamId, [syntheticEventData(append)]);
      }
    }
    await caughtUp();
    const queries = new StatisticsQueries(env().sql, env().schema);
    const fromKafka = counter.byProvince();
    expect(fromKafka.size).toBeGreaterThan(10);
    for (const [province, figures] of fromKafka) {
      const { totals } = await queries.province(province, {});
      const fromProjector = Object.fromEntries(PROVINCE_FIGURES.map((f) => [f, totals[f]]));
      expect({ province, ...figures }).toEqual({ province, ...fromProjector });
    }
  });

  it('counts nothing twice when the whole log is delivered again', async () => {
    const before = counter.byProvince();
    const events = handled;
    await relay.stop();
    await env().sql.query(`UPDATE "${env().schema}".kafka_relays SET checkpoint = 0`);
    relay.start();
    await until('every event came a second time', async () => handled >= 2 * events, 60_000);
    expect(counter.duplicates).toBeGreaterThanOrEqual(events);
    expect(counter.byProvince()).toEqual(before);
  });
});
