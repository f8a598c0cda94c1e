/**
 * Rebuilds: a new generation is built beside the live one, queries on the views keep working
 * and never see the projection go back, and the switch lands on what a clean run produces.
 */
import { beforeAll, expect, it } from '@jest/globals';
import type { LedgerEvent } from '@ledger/domain';
import type { EventStore } from '@ledger/event-store';
import {
  statisticsProjection,
  type Projection,
  type RebuildProgress,
  type StatisticsTable,
} from '@ledger/read-models';
import { toEventData } from '../../libs/read-models/src/statistics/september-2022.spec-helper.js';
import {
  append,
  appendSeptember2022,
  caughtUp,
  cleanRun,
  describeOnDatabases,
  projectorOn,
  readModels,
  recordingLogger,
  sleep,
  until,
  type TestDatabase,
} from './support.js';

/** The statistics projection, slowed down while it writes any generation but the first. */
function slowRebuilds(delayMs: number, version = statisticsProjection.version): Projection<StatisticsTable> {
  return {
    ...statisticsProjection,
    version,
    async applyBatch(tx, tables, events) {
      if (!tables.timeline.endsWith('_g1"')) await sleep(delayMs);
      await statisticsProjection.applyBatch(tx, tables, events);
    },
  };
}

const fine = (n: number): LedgerEvent => ({
  type: 'FineImposed',
  schemaVersion: 1,
  data: {
    operationId: '01836a3c-8c00-7000-8000-000000000001',
    fineId: `rebuild-spec-${n}`,
    amountRiel: 1_000_000,
    reason: 'late work permit fees',
    occurredAt: '2022-09-29T03:00:00.000Z',
  },
});

/** The same store, with every event of a subscription arriving `delayMs` late. */
function slowSubscriptions(store: EventStore, delayMs: number): EventStore {
  return {
    appendToStream: (...args) => store.appendToStream(...args),
    readStream: (...args) => store.readStream(...args),
    readAll: (...args) => store.readAll(...args),
    headPosition: () => store.headPosition(),
    close: () => store.close(),
    subscribeToAll(options) {
      const inner = store.subscribeToAll(options);
      const events = inner[Symbol.asyncIterator]();
      return {
        stop: () => inner.stop(),
        [Symbol.asyncIterator]: () => ({
          next: async () => {
            await sleep(delayMs);
            return events.next();
          },
        }),
      };
    },
  };
}

async function generationsOnDisk(db: TestDatabase, schema: string): Promise<string[]> {
  const { rows } = await db.sql.query<{ generation: string }>(
    `SELECT DISTINCT substring(tablename from '_g([0-9]+)$') AS generation FROM pg_tables
     WHERE schemaname = $1 AND tablename ~ '_g[0-9]+$' ORDER BY 1`,
    [schema],
  );
  return rows.map((r) => r.generation);
}

describeOnDatabases('rebuilding a projection', (db) => {
  let fines = 0;
  const appendFine = async () => {
    fines++;
    return append(db().store, `fine-rebuild-spec-${fines}`, [toEventData(fine(fines))]);
  };

  beforeAll(async () => {
    await appendSeptember2022(db().store);
  });

  it('builds a new generation while the live one keeps serving and advancing, then switches to what a clean run gives', async () => {
    const schema = db().newSchema();
    const projector = await projectorOn(db(), schema, {
      projection: slowRebuilds(15),
      rebuildBatch: { maxEvents: 4, maxWaitMs: 20 },
    });
    projector.start();
    await caughtUp(db(), projector);

    const total = async () => {
      const { rows } = await db().sql.query<{ riel: bigint; events: bigint }>(
        `SELECT (SELECT sum(fines_riel) FROM "${schema}".province_daily)::bigint AS riel,
                (SELECT count(*) FROM "${schema}".timeline) AS events`,
      );
      return rows[0]!;
    };
    // Readers during the rebuild: every query must succeed and never see less than before.
    const seen: { riel: bigint; events: bigint }[] = [await total()];
    let reading = true;
    const readers = (async () => {
      while (reading) {
        seen.push(await total());
        await sleep(2);
      }
    })();

    const progress: RebuildProgress[] = [];
    const rebuilding = projector.rebuild({ onProgress: (p) => progress.push(p), progressIntervalMs: 0 });
    // The live generation follows the log meanwhile.
    expect(await projector.waitFor(await appendFine(), 10_000)).toBe(true);
    expect((await projector.status()).generation).toBe(1);
    expect((await total()).riel).toBe(seen[0]!.riel + 1_000_000n);

    const result = await rebuilding;
    reading = false;
    await readers;
    await appendFine();
    await caughtUp(db(), projector);
    await projector.stop();

    expect(result).toMatchObject({ generation: 2, previousGeneration: 1 });
    expect(await projector.status()).toMatchObject({ generation: 2, rebuildGeneration: null });
    expect(await generationsOnDisk(db(), schema)).toEqual(['2']);
    expect(await readModels(db().sql, schema)).toEqual(await cleanRun(db()));

    expect(seen.length).toBeGreaterThan(5);
    for (let i = 1; i < seen.length; i++) {
      expect(seen[i]!.riel).toBeGreaterThanOrEqual(seen[i - 1]!.riel);
      expect(seen[i]!.events).toBeGreaterThanOrEqual(seen[i - 1]!.events);
    }

    const last = progress.at(-1)!;
    expect(progress.length).toBeGreaterThan(3);
    expect(last.percent).toBe(100);
    expect(last.events).toBeGreaterThanOrEqual(last.total);
    expect(last.eventsPerSecond).toBeGreaterThan(0);
    expect(progress.map((p) => p.percent)).toEqual([...progress.map((p) => p.percent)].sort((a, b) => a - b));
  });

  it('rebuilds at start when the projection has a new version, while the old generation serves its last state', async () => {
    const schema = db().newSchema();
    const current = statisticsProjection.version;
    const next = current + 1;
    const v1 = await projectorOn(db(), schema);
    v1.start();
    await caughtUp(db(), v1);
    await v1.stop();
    const before = await readModels(db().sql, schema);

    const logger = recordingLogger();
    const v2 = await projectorOn(db(), schema, { projection: slowRebuilds(20, next), logger });
    // Opening a new version leaves the old generation's views alone.
    expect(await readModels(db().sql, schema)).toEqual(before);
    v2.start();
    await until('the rebuild starts', async () => (await v2.status()).status === 'rebuilding');
    expect(await readModels(db().sql, schema)).toEqual(before);
    await until('the new version is live', async () => (await v2.status()).version === next);
    await caughtUp(db(), v2);
    await v2.stop();
    expect(await v2.status()).toMatchObject({ version: next, generation: 2, status: 'stopped' });
    expect(logger.lines.some((line) => line.includes(`version ${next} replaces version ${current}`))).toBe(
      true,
    );
    expect(await readModels(db().sql, schema)).toEqual(await cleanRun(db()));

    // An older release started against the newer projection refuses to touch it.
    const oldLogger = recordingLogger();
    const old = await projectorOn(db(), schema, { logger: oldLogger });
    old.start();
    await until('the old release gives up', async () => oldLogger.errors.length > 0);
    await old.stop();
    expect(oldLogger.errors[0]).toContain(`newer than version ${current}`);
    expect((await old.status()).version).toBe(next);
  });

  it('rebuilds a projection that never ran up to the log it found, however slowly the log arrives', async () => {
    const schema = db().newSchema();
    // Slower than a batch's wait: the rebuild sees idle moments long before it has caught up.
    const store = slowSubscriptions(db().store, 30);
    const projector = await projectorOn(db(), schema, {
      store,
      rebuildBatch: { maxEvents: 10, maxWaitMs: 10 },
    });
    const inLog = (await db().store.readAll()).length;
    const progress: RebuildProgress[] = [];
    const result = await projector.rebuild({ onProgress: (p) => progress.push(p) });
    expect(result).toMatchObject({
      generation: 2,
      events: inLog,
      checkpoint: await db().store.headPosition(),
    });
    expect(progress.at(-1)).toMatchObject({ total: inLog, events: inLog, percent: 100 });
    expect(await readModels(db().sql, schema)).toEqual(await cleanRun(db()));
  });

  it('drops the tables of a rebuild stopped midway and never reuses its generation number', async () => {
    const schema = db().newSchema();
    const projector = await projectorOn(db(), schema, {
      projection: slowRebuilds(30),
      rebuildBatch: { maxEvents: 2, maxWaitMs: 20 },
    });
    projector.start();
    await caughtUp(db(), projector);
    const before = await readModels(db().sql, schema);

    const abandoned = projector.rebuild().catch((err: unknown) => err);
    await until('the rebuild has written something', async () =>
      (await generationsOnDisk(db(), schema)).includes('2'),
    );
    await projector.stop();
    expect(await abandoned).toBeInstanceOf(Error);
    expect(await generationsOnDisk(db(), schema)).toEqual(['1']);
    expect(await projector.status()).toMatchObject({ generation: 1, rebuildGeneration: null });
    expect(await readModels(db().sql, schema)).toEqual(before);

    const fast = await projectorOn(db(), schema);
    expect(await fast.rebuild()).toMatchObject({ generation: 3, previousGeneration: 1 });
    expect(await generationsOnDisk(db(), schema)).toEqual(['3']);
  });
});
