/**
 * The projection runtime on a real store: batches take effect whole or not at all, a failure
 * stops the projection where it is, and lag and waitFor tell how far it has come.
 */
import { beforeAll, expect, it } from '@jest/globals';
import type { LedgerEvent } from '@ledger/domain';
import type { RecordedEvent } from '@ledger/event-store';
import { uniqueSchemaName } from '../support/infra.js';
import { createPostgresEventStore } from '@ledger/event-store';
import { createPgClient } from '@ledger/sql';
import {
  createProjector,
  ProjectionEventError,
  statisticsProjection,
  type Projection,
  type StatisticsTable,
} from '@ledger/read-models';
import { toEventData } from '../../libs/read-models/src/statistics/september-2022.spec-helper.js';
import {
  append,
  appendSeptember2022,
  caughtUp,
  cleanRun,
  describeOnDatabases,
  describeOnServer,
  projectorOn,
  readModels,
  recordingLogger,
  until,
  withApplicationName,
} from './support.js';

/** The statistics projection, with a handler that throws on one event after writing its batch. */
function failingAt(position: () => bigint | undefined): Projection<StatisticsTable> {
  return {
    ...statisticsProjection,
    async applyBatch(tx, tables, events) {
      await statisticsProjection.applyBatch(tx, tables, events);
      const bad = events.find((event) => event.position === position());
      if (bad) throw new ProjectionEventError(bad, new Error('injected handler failure'));
    },
  };
}

const rescueRequest = (n: number): LedgerEvent => ({
  type: 'RescueRequestReceived',
  schemaVersion: 1,
  data: {
    requestId: `projector-spec-${n}`,
    fromMissionId: 'mission-vnm',
    receivedBy: 'ahtjp',
    persons: [{ nationality: 'VNM', count: 2 }],
    provinceCode: 'KH-12',
    occurredAt: '2022-09-29T03:00:00.000Z',
  },
});

describeOnDatabases('the projector', (db) => {
  let history: RecordedEvent[];

  beforeAll(async () => {
    await appendSeptember2022(db().store);
    history = await db().store.readAll();
  });

  it('leaves nothing of a batch whose handler fails mid-batch, records the failing position, and resumes to a clean run', async () => {
    const schema = db().newSchema();
    const failing = history[10]!.position;
    let broken = true;
    const logger = recordingLogger();
    const projector = await projectorOn(db(), schema, {
      projection: failingAt(() => (broken ? failing : undefined)),
      logger,
    });
    projector.start();
    try {
      await until('the projection fails', async () => (await projector.status()).status === 'failed');
      expect(await projector.status()).toMatchObject({
        status: 'failed',
        checkpoint: 0n,
        errorPosition: failing,
        error: expect.stringContaining('injected handler failure'),
      });
      expect(logger.errors).toHaveLength(1);
      expect(logger.errors[0]).toMatch(new RegExp(`failed at position ${failing} .*resume`));
      const models = await readModels(db().sql, schema);
      expect(Object.values(models).flat()).toEqual([]);

      broken = false;
      projector.resume();
      await caughtUp(db(), projector);
      expect(await projector.status()).toMatchObject({ status: 'running', error: null, errorPosition: null });
      expect(await readModels(db().sql, schema)).toEqual(await cleanRun(db()));
    } finally {
      await projector.stop();
    }
  });

  it('keeps the batches before a failing one and stops right after the last of them', async () => {
    const schema = db().newSchema();
    const projector = await projectorOn(db(), schema, {
      projection: failingAt(() => history[12]!.position),
      batch: { maxEvents: 5, maxWaitMs: 1_000 },
    });
    projector.start();
    try {
      await until('the projection fails', async () => (await projector.status()).status === 'failed');
      expect(await projector.status()).toMatchObject({
        checkpoint: history[9]!.position,
        errorPosition: history[12]!.position,
      });
      const { rows } = await db().sql.query<{ position: bigint }>(
        `SELECT position FROM "${schema}".timeline ORDER BY position`,
      );
      expect(rows.map((r) => r.position)).toEqual(history.slice(0, 10).map((e) => e.position));
    } finally {
      await projector.stop();
    }
    expect((await projector.status()).status).toBe('failed');
  });

  it('reports its lag in events, and waitFor answers read-your-writes within a bound', async () => {
    const schema = db().newSchema();
    const projector = await projectorOn(db(), schema);
    const head = await db().store.headPosition();
    const inLog = (await db().store.readAll()).length;
    expect(await projector.lag()).toEqual({ checkpoint: 0n, head, behindEvents: inLog });

    const started = Date.now();
    expect(await projector.waitFor(head, 100)).toBe(false);
    expect(Date.now() - started).toBeGreaterThanOrEqual(90);

    projector.start();
    try {
      expect(await projector.waitFor(head, 15_000)).toBe(true);
      expect(await projector.lag()).toEqual({ checkpoint: head, head, behindEvents: 0 });

      const written = await append(db().store, 'rescue-projector-spec-1', [toEventData(rescueRequest(1))]);
      expect(await projector.waitFor(written, 15_000)).toBe(true);
      const { rows } = await db().sql.query<{ received: bigint }>(
        `SELECT rescue_requests_received AS received FROM "${schema}".province_daily
         WHERE province_code = 'KH-12' AND day = '2022-09-29'`,
      );
      expect(rows).toEqual([{ received: 1n }]);
    } finally {
      await projector.stop();
    }
    expect((await projector.status()).status).toBe('stopped');
  });

  it('counts nothing twice when two projectors (two processes) run the same projection', async () => {
    const schema = db().newSchema();
    const batch = { maxEvents: 3, maxWaitMs: 5 };
    const loggers = [recordingLogger(), recordingLogger()] as const;
    const first = await projectorOn(db(), schema, { batch, logger: loggers[0] });
    const second = await projectorOn(db(), schema, { batch, logger: loggers[1] });
    first.start();
    second.start();
    try {
      for (let n = 2; n < 12; n++) {
        await append(db().store, `rescue-projector-spec-${n}`, [toEventData(rescueRequest(n))]);
      }
      await caughtUp(db(), first);
      await caughtUp(db(), second);
    } finally {
      await Promise.all([first.stop(), second.stop()]);
    }
    // A batch applied twice would also trip the timeline's primary key: neither may have failed.
    expect([...loggers[0].errors, ...loggers[1].errors]).toEqual([]);
    expect(await readModels(db().sql, schema)).toEqual(await cleanRun(db()));
  });
});

describeOnServer('the projector when the database drops its connections', (url) => {
  it('retries with backoff instead of failing, then goes on and counts every event once', async () => {
    // The projector's own client, named so that the test can cut its connections.
    const application = `projector_retry_${Math.random().toString(36).slice(2, 8)}`;
    const sql = createPgClient({ connectionString: withApplicationName(url, application), max: 4 });
    const admin = createPgClient({ connectionString: url, max: 2 });
    const storeSchema = uniqueSchemaName('rm_store');
    const schema = uniqueSchemaName('rm');
    const store = await createPostgresEventStore(admin, { schema: storeSchema });
    const logger = recordingLogger();
    const projector = await createProjector({
      sql,
      store: await createPostgresEventStore(sql, { schema: storeSchema }),
      schema,
      projection: statisticsProjection,
      logger,
      batch: { maxEvents: 5, maxWaitMs: 5 },
    });
    try {
      await appendSeptember2022(store);
      projector.start();
      let n = 0;
      // Cut every connection of the projector while events keep coming, until it has had to retry.
      await until(
        'the projector retried after losing its connections',
        async () => {
          await append(store, `rescue-retry-${n}`, [toEventData(rescueRequest(1000 + n++))]);
          await admin.query(
            'SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE application_name = $1',
            [application],
          );
          return logger.errors.some((line) => line.includes('the database failed'));
        },
        30_000,
      );
      for (let k = 0; k < 10; k++)
        await append(store, `rescue-retry-after-${k}`, [toEventData(rescueRequest(2000 + k))]);
      const head = await store.headPosition();
      expect(await projector.waitFor(head, 30_000)).toBe(true);
      expect((await projector.status()).status).toBe('running');
      expect(
        logger.errors.filter((line) => line.includes('failed at') || line.includes('until resume()')),
      ).toEqual([]);

      const cleanSchema = uniqueSchemaName('rm');
      const clean = await createProjector({
        sql: admin,
        store,
        schema: cleanSchema,
        projection: statisticsProjection,
        logger: recordingLogger(),
      });
      clean.start();
      await clean.waitFor(head, 30_000);
      await clean.stop();
      expect(await readModels(admin, schema)).toEqual(await readModels(admin, cleanSchema));
      await admin.query(`DROP SCHEMA IF EXISTS "${cleanSchema}" CASCADE`);
    } finally {
      await projector.stop();
      await sql.close();
      for (const s of [schema, storeSchema]) await admin.query(`DROP SCHEMA IF EXISTS "${s}" CASCADE`);
      await admin.close();
    }
  });
});
