import type { RecordedEvent } from '@ledger/event-store';
import type { SqlClient, SqlExecutor } from '@ledger/sql';
import type { Projection, RebuildWriter } from '../projector/projection.js';
import { computeStatisticsDelta, readLedgerEvents, referencedFacts } from './statistics.delta.js';
import { StatisticsRebuildWriter } from './statistics.rebuild-writer.js';
import { STATISTICS_TABLES, type StatisticsTable } from './statistics.tables.js';
import { loadStatisticsFacts, writeStatisticsDelta, type StatisticsTables } from './statistics.writer.js';

/**
 * Per-province, per-agency and per-nationality daily counters, the lookups that attribute later
 * events to an operation's province and agencies, and the timeline of every ledger event.
 * A batch costs a few lookups and one statement per table, whatever its size.
 *
 * A class, so that its methods sit on the prototype: a copy spread from it (`{ ...statistics,
 * applyBatch }`, as tests that slow or break applyBatch make) keeps no rebuild writer that
 * would go around the copy's applyBatch.
 */
class StatisticsProjection implements Projection<StatisticsTable> {
  readonly name = 'statistics';
  /** 2: the timeline's summary became json. */
  readonly version = 2;
  readonly tables = STATISTICS_TABLES;

  async applyBatch(
    tx: SqlExecutor,
    tables: StatisticsTables,
    events: readonly RecordedEvent[],
  ): Promise<void> {
    const records = readLedgerEvents(events);
    if (records.length === 0) return;
    const facts = await loadStatisticsFacts(tx, tables, referencedFacts(records));
    const delta = computeStatisticsDelta(records, facts);
    await writeStatisticsDelta(tx, tables, delta, facts);
  }

  rebuildWriter(sql: SqlClient, tables: StatisticsTables): RebuildWriter {
    return new StatisticsRebuildWriter(sql, tables);
  }
}

export const statisticsProjection: Projection<StatisticsTable> = new StatisticsProjection();
