import type { Projection } from '../projector/projection.js';
import { computeStatisticsDelta, readLedgerEvents, referencedFacts } from './statistics.delta.js';
import { STATISTICS_TABLES, type StatisticsTable } from './statistics.tables.js';
import { loadStatisticsFacts, writeStatisticsDelta } from './statistics.writer.js';

/**
 * Per-province, per-agency and per-nationality daily counters, the lookups that attribute later
 * events to an operation's province and agencies, and the timeline of every ledger event.
 * A batch costs a few lookups and one statement per table, whatever its size.
 */
export const statisticsProjection: Projection<StatisticsTable> = {
  name: 'statistics',
  version: 1,
  tables: STATISTICS_TABLES,
  async applyBatch(tx, tables, events) {
    const records = readLedgerEvents(events);
    if (records.length === 0) return;
    const facts = await loadStatisticsFacts(tx, tables, referencedFacts(records));
    const delta = computeStatisticsDelta(records, facts);
    await writeStatisticsDelta(tx, tables, delta, facts);
  },
};
