/**
 * The rebuild writer: a rebuild that keeps facts and counters in memory between batches, writes
 * them in the background and on the way to the switch, and builds the query indexes last, must
 * land on exactly what applyBatch gives, batch by batch.
 */
import { beforeAll, expect, it } from '@jest/globals';
import type { RecordedEvent } from '@ledger/event-store';
import {
  ProjectionEventError,
  statisticsProjection,
  StatisticsRebuildWriter,
  type Projection,
  type StatisticsRebuildLimits,
  type StatisticsTable,
} from '@ledger/read-models';
import { syntheticEventData, syntheticOperation } from '@ledger/read-models/fixtures';
import { appendSeptember2022, cleanRun, describeOnDatabases, projectorOn, readModels } from './support.js';

/** The statistics projection whose rebuilds use a writer with these limits. */
function withLimits(limits: StatisticsRebuildLimits): Projection<StatisticsTable> {
  return {
    name: statisticsProjection.name,
    version: statisticsProjection.version,
    tables: statisticsProjection.tables,
    applyBatch: (tx, tables, events) => statisticsProjection.applyBatch(tx, tables, events),
    rebuildWriter: (sql, tables) => new StatisticsRebuildWriter(sql, tables, limits),
  };
}

describeOnDatabases('the statistics rebuild writer', (db) => {
  beforeAll(async () => {
    await appendSeptember2022(db().store);
    // Operations whose events are spread over many batches, the log in the order they happened.
    const appends = Array.from({ length: 40 }, (_, n) => syntheticOperation(5, n)).flat();
    for (const append of appends)
      await db().store.appendToStream(append.streamId, [syntheticEventData(append)]);
  });

  it('lands on a clean run however often it writes in the background, forgets facts or written keys', async () => {
    const clean = await cleanRun(db());
    for (const limits of [
      {},
      { flushEvery: 50, pendingRows: 400 },
      { flushEvery: 1, pendingRows: 30, cachedFacts: 10 },
      { flushEvery: 20, cachedFacts: 10, writtenKeys: 100 },
    ]) {
      const schema = db().newSchema();
      const projector = await projectorOn(db(), schema, {
        projection: withLimits(limits),
        rebuildBatch: { maxEvents: 37, maxWaitMs: 5 },
      });
      const result = await projector.rebuild();
      expect(result.generation).toBe(2);
      expect(await readModels(db().sql, schema)).toEqual(clean);
      const { rows: indexes } = await db().sql.query<{ indexname: string }>(
        `SELECT indexname FROM pg_indexes WHERE schemaname = $1 AND tablename = 'timeline_g2' ORDER BY 1`,
        [schema],
      );
      expect(indexes.map((i) => i.indexname)).toEqual([
        'timeline_g2_aggregate_aggregate_id_position_idx',
        'timeline_g2_operation_id_position_idx',
        'timeline_g2_pkey',
      ]);
    }
  });

  it('abandons the rebuild on an event it cannot apply, naming it, and leaves the live generation alone', async () => {
    const schema = db().newSchema();
    const live = await projectorOn(db(), schema);
    live.start();
    await live.waitFor(await db().store.headPosition(), 30_000);
    await live.stop();
    const before = await readModels(db().sql, schema);

    const [, , third] = await db().store.readAll({ maxCount: 3 });
    const broken: Projection<StatisticsTable> = {
      ...withLimits({ flushEvery: 5 }),
      rebuildWriter(sql, tables) {
        const writer = new StatisticsRebuildWriter(sql, tables, { flushEvery: 5 });
        return {
          prepare: async (events: readonly RecordedEvent[]) => {
            const bad = events.find((e) => e.position === third?.position);
            if (bad) throw new ProjectionEventError(bad, new Error('unreadable'));
            return writer.prepare(events);
          },
          flush: () => writer.flush(),
          abandon: () => writer.abandon(),
        };
      },
    };
    const projector = await projectorOn(db(), schema, {
      projection: broken,
      rebuildBatch: { maxEvents: 2, maxWaitMs: 5 },
    });
    await expect(projector.rebuild()).rejects.toThrow(`at position ${third?.position}`);
    expect(await projector.status()).toMatchObject({ generation: 1, rebuildGeneration: null });
    const { rows } = await db().sql.query(
      `SELECT tablename FROM pg_tables WHERE schemaname = $1 AND tablename ~ '_g2$'`,
      [schema],
    );
    expect(rows).toEqual([]);
    expect(await readModels(db().sql, schema)).toEqual(before);
  });
});
