/**
 * Erasure end to end: a person is registered with an identity, detained in a raid and deported;
 * their identity is erased. Afterwards no readable identity remains anywhere the ledger wrote it
 * (the event store, every table of the schema, a backup of the identity table, the Kafka topics),
 * and every figure is what it was before.
 */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { createKafka } from '@ledger/kafka';
import { DEPORTEE, GDI_SWEEP_OPERATION_STEPS, SEPT_23_DEPORTATION_STEPS } from '@ledger/domain/fixtures';
import type { SqlClient } from '@ledger/sql';
import { replay } from '../support/command-routes.js';
import { isSkipped, uniqueSchemaName } from '../support/infra.js';
import { bigintAsText } from '../support/json.js';
import { resolveKafka } from '../support/kafka-broker.js';
import { ledgerBackends, type RunningLedger, startLedger } from '../support/ledger-app.js';
import { prefixedTopics, until } from './support.js';

const IDENTITY = {
  name: 'Chen Erasable Wei',
  dateOfBirth: '1991-11-02',
  document: { kind: 'passport', number: 'EZ8812377', issuingCountry: 'CHN' },
  photoReference: 'photos/2022/09/erasable-chen.jpg',
};
/** What must not be readable anywhere once the person is erased. */
const SECRETS = [
  IDENTITY.name,
  'Erasable',
  IDENTITY.document.number,
  IDENTITY.photoReference,
  IDENTITY.dateOfBirth,
];

const broker = await resolveKafka();

/** Every row of every table in the schema, as text (bytea as hex). */
async function dumpSchema(sql: SqlClient, schema: string): Promise<string> {
  const { rows } = await sql.query<{ table_name: string }>(
    `SELECT table_name FROM information_schema.tables WHERE table_schema = $1 AND table_type = 'BASE TABLE'`,
    [schema],
  );
  const parts: string[] = [];
  for (const { table_name } of rows) {
    const dump = await sql.query<{ row: string }>(`SELECT t::text AS row FROM "${schema}"."${table_name}" t`);
    parts.push(...dump.rows.map((r) => `${table_name}: ${r.row}`));
  }
  return parts.join('\n');
}

const leaks = (text: string): string[] => SECRETS.filter((secret) => text.includes(secret));

if (isSkipped(broker)) {
  console.log(broker.skip);
  describe.skip(`erasure across the store, the read models and Kafka (${broker.skip})`, () => {
    it('needs Kafka', () => undefined);
  });
} else {
  const { brokers } = broker;
  afterAll(() => broker.stop());

  describe.each(await ledgerBackends())('erasing a person’s identity ($name)', (backend) => {
    const prefix = `${uniqueSchemaName('erase')}.`;
    const kafka = createKafka({ brokers, clientId: prefix });
    const ledgerTopics = prefixedTopics(kafka, prefix);
    const { topics } = ledgerTopics;
    const messages: string[] = [];
    const consumer = kafka.consumer({ groupId: `${prefix}test` });
    let ledger: RunningLedger;
    let schema: string;
    let figuresBefore: unknown;
    let identityBackup: Record<string, unknown>[];
    let erasedAt: string;
    const personPath = `/persons/${DEPORTEE.personId}`;

    const national = async (minPosition: string) => {
      const token = await ledger.token('ncct', 'analyst');
      const answer = await ledger.request('GET', `/statistics/national?minPosition=${minPosition}`, {
        token,
      });
      expect(answer.status).toBe(200);
      // The figures, without where the projection stood when it answered.
      const { consistency: _consistency, ...figures } = answer.body;
      return figures;
    };

    beforeAll(async () => {
      ledger = await startLedger(backend, { KAFKA_BROKERS: brokers.join(','), KAFKA_TOPIC_PREFIX: prefix });
      schema = ledger.config.schema;
      await ledgerTopics.created();
      await consumer.connect();
      await consumer.subscribe({ topics, fromBeginning: true });
      await consumer.run({
        eachMessage: async ({ message }) => {
          const headers = Object.entries(message.headers ?? {}).map(([k, v]) => `${k}=${String(v)}`);
          messages.push(`${String(message.key)} ${headers.join(' ')} ${message.value?.toString() ?? ''}`);
        },
      });

      // The person first, then the raid that detains them and the deportation that sends them home.
      const gdi = await ledger.token('gdi', 'officer');
      const registered = await ledger.request('POST', '/persons', {
        token: gdi,
        body: {
          personId: DEPORTEE.personId,
          nationality: DEPORTEE.nationality,
          sex: DEPORTEE.sex,
          minor: false,
          victim: false,
          occurredAt: '2022-09-19T08:00:00+07:00',
          identity: IDENTITY,
        },
      });
      expect(registered.status).toBe(201);
      const read = await ledger.request('GET', personPath, { token: gdi });
      expect(read.body.identity).toEqual({ status: 'present', ...IDENTITY });

      const head = (await replay(ledger, [...GDI_SWEEP_OPERATION_STEPS, ...SEPT_23_DEPORTATION_STEPS])).at(
        -1,
      )!;
      figuresBefore = await national(head);
      identityBackup = (
        await ledger.sql.query<Record<string, unknown>>(`SELECT * FROM "${schema}".person_identities`)
      ).rows;

      const erased = await ledger.request('POST', `${personPath}/erasure`, {
        token: await ledger.token('gdi', 'coordinator'),
        body: { reason: 'deported; retention ended', occurredAt: '2022-09-29T09:00:00+07:00' },
      });
      expect(erased.status).toBe(201);
      erasedAt = erased.body.position;
      await until('the erasure reached Kafka', async () =>
        messages.some((m) => m.includes('PersonIdentityErased')),
      );
    });

    afterAll(async () => {
      await consumer.disconnect();
      await ledger?.close();
      await ledgerTopics.remove();
    });

    it('reads the person as erased, with their non-identifying facts kept', async () => {
      const { status, body } = await ledger.request('GET', personPath, {
        token: await ledger.token('gdi', 'officer'),
      });
      expect(status).toBe(200);
      expect(body).toMatchObject({ nationality: 'CHN', sex: 'male', minor: false });
      expect(body.identity).toEqual({ status: 'erased', erasedAt: '2022-09-29T02:00:00.000Z' });
    });

    it('leaves the figures exactly as they were', async () => {
      const after = (await national(erasedAt)) as { totals: Record<string, number> };
      expect(after.totals.persons_deported).toBeGreaterThan(0);
      expect(after).toEqual(figuresBefore);
    });

    it('leaves no readable identity in the store, the read models or any other table', async () => {
      const everything = await dumpSchema(ledger.sql, schema);
      expect(everything).toContain(DEPORTEE.personId);
      expect(leaks(everything)).toEqual([]);
      const events = await ledger.store.readAll();
      expect(leaks(JSON.stringify(events, bigintAsText))).toEqual([]);
      // The key is gone; the ciphertext stays, unreadable.
      const keys = await ledger.sql.query<{ wrapped_key: unknown; destroyed_at: unknown }>(
        `SELECT wrapped_key, destroyed_at FROM "${schema}".person_keys WHERE person_id = $1`,
        [DEPORTEE.personId],
      );
      expect(keys.rows).toEqual([{ wrapped_key: null, destroyed_at: expect.any(Date) }]);
    });

    it('leaves a backup of the identities taken before the erasure unreadable once restored', async () => {
      expect(identityBackup).toHaveLength(1);
      const [row] = identityBackup;
      const columns = Object.keys(row!);
      await ledger.sql.query(`DELETE FROM "${schema}".person_identities`);
      await ledger.sql.query(
        `INSERT INTO "${schema}".person_identities (${columns.map((c) => `"${c}"`).join(', ')})
         VALUES (${columns.map((_c, i) => `$${i + 1}`).join(', ')})`,
        columns.map((c) => row![c]),
      );
      const { body } = await ledger.request('GET', personPath, {
        token: await ledger.token('gdi', 'officer'),
      });
      expect(body.identity.status).toBe('erased');
    });

    it('never put the identity on Kafka, and told consumers of the erasure', async () => {
      expect(messages.length).toBeGreaterThan(5);
      expect(messages.filter((m) => m.includes(DEPORTEE.personId)).length).toBeGreaterThan(2);
      expect(leaks(messages.join('\n'))).toEqual([]);
      expect(messages.filter((m) => m.includes('PersonIdentityErased'))).toHaveLength(1);
    });
  });
}
