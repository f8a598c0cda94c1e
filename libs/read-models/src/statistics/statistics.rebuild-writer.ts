import type { RecordedEvent } from '@ledger/event-store';
import type { SqlClient, SqlExecutor } from '@ledger/sql';
import type { RebuildWriter } from '../projector/projection.js';
import {
  computeStatisticsDeltaInto,
  emptyStatisticsFacts,
  raidKey,
  readLedgerEvents,
  referencedFacts,
  type CounterSink,
  type FactKeys,
  type LedgerRecord,
  type StatisticsDelta,
  type StatisticsFacts,
} from './statistics.delta.js';
import { CounterSums } from './counter-sums.js';
import {
  factStatements,
  insertTimeline,
  loadStatisticsFacts,
  timelineCopy,
  type StatisticsTables,
  type WriteStatement,
} from './statistics.writer.js';

export interface StatisticsRebuildLimits {
  /** Counter rows and changed facts after which they are written in the background. Default 250,000. */
  flushEvery?: number;
  /** Counter rows and changed facts after which the rebuild waits for them to be written. Default 2,000,000 (some 300 MB). */
  pendingRows?: number;
  /** Facts kept in memory; past this, a flush empties the cache and lookups go to the tables. Default 2,000,000. */
  cachedFacts?: number;
  /** Keys of written rows kept to tell INSERTs from upserts; past this, every write upserts. Default 4,000,000 (some 300 MB). */
  writtenKeys?: number;
}

/** Statements of a flush that run at once, each on its own connection (one for a background flush). */
const FLUSH_CONCURRENCY = 3;

/** A delta for the timeline and the changed facts; the counters go to the sink. */
const emptyDelta = (): StatisticsDelta => ({
  provinceDaily: new Map(),
  provinceNationalityDaily: new Map(),
  agencyDaily: new Map(),
  timeline: [],
  changed: noChanges(),
});

const noChanges = (): StatisticsDelta['changed'] => ({
  operations: new Set(),
  raids: new Set(),
  cases: new Set(),
  deportations: new Set(),
  rescueRequests: new Set(),
});

/**
 * Rebuilds the statistics into an empty generation, from position 0. What applyBatch does per
 * batch (look the facts up, add the counters with one upsert per table), it does far less
 * often: the facts stay in memory from batch to batch, so nothing is looked up, and the counters
 * add up in memory, so that a row is written once per flush rather than once per batch that
 * touches it. A batch writes only its timeline rows. Every FLUSH_EVERY rows, the counters and
 * changed facts are written in the background, one flush at a time (facts are replaced, so
 * flushes must land in order), while the next batches are computed; in a log that follows the
 * calendar, most of their rows are not touched again. The tables end up exactly as applyBatch
 * leaves them: the same delta code computes every batch.
 */
export class StatisticsRebuildWriter implements RebuildWriter {
  private facts: StatisticsFacts = emptyStatisticsFacts();
  /** True while `facts` holds every fact of the generation: a fact that is not there does not exist. */
  private complete = true;
  private changed = noChanges();
  private readonly provinceDaily = new CounterSums('province_daily');
  private readonly provinceNationalityDaily = new CounterSums('province_nationality_daily');
  private readonly agencyDaily = new CounterSums('agency_daily');
  /** The delta code counts straight into the sums. */
  private readonly sink: CounterSink = {
    province: (province, day, counters) => this.provinceDaily.add(province, day, '', '', counters),
    agency: (agencyId, day, capacity, counters) =>
      this.agencyDaily.add(agencyId, day, capacity, '', counters),
    nationality: (province, day, nationality, sex, counters) =>
      this.provinceNationalityDaily.add(province, day, nationality, sex, counters),
  };
  /**
   * Keys of the facts written so far: a fact not among them is loaded with COPY (the counter sums
   * keep their own). Past `maxWrittenKeys` keys in all, no longer kept: every write is then an upsert.
   */
  private writtenFacts: StatisticsDelta['changed'] | undefined = noChanges();
  /** The flush running in the background, if any; its failure fails the next call. */
  private background: Promise<void> | undefined;
  private backgroundFailure: unknown;
  private readonly flushEvery: number;
  private readonly maxPendingRows: number;
  private readonly maxCachedFacts: number;
  private readonly maxWrittenKeys: number;

  constructor(
    private readonly sql: SqlClient,
    private readonly tables: StatisticsTables,
    limits: StatisticsRebuildLimits = {},
  ) {
    this.flushEvery = limits.flushEvery ?? 250_000;
    this.maxPendingRows = limits.pendingRows ?? 2_000_000;
    this.maxCachedFacts = limits.cachedFacts ?? 2_000_000;
    this.maxWrittenKeys = limits.writtenKeys ?? 4_000_000;
  }

  async prepare(events: readonly RecordedEvent[]): Promise<(tx: SqlExecutor) => Promise<void>> {
    if (this.backgroundFailure !== undefined) throw this.backgroundFailure;
    const records = readLedgerEvents(events);
    if (records.length === 0) return async () => undefined;
    if (!this.complete) await this.loadMissingFacts(records);
    const delta = computeStatisticsDeltaInto(records, this.facts, emptyDelta(), this.sink);
    for (const kind of Object.keys(this.changed) as (keyof StatisticsFacts)[]) {
      for (const key of delta.changed[kind]) this.changed[kind].add(key);
    }
    const timeline = timelineCopy(delta.timeline);
    const pending = this.pendingRows();
    if (pending >= this.maxPendingRows) {
      await this.flush();
    } else if (pending >= this.flushEvery && !this.background) {
      const background = this.run(this.take(), 1);
      this.background = background;
      background.then(
        () => {
          if (this.background === background) this.background = undefined;
        },
        (err: unknown) => {
          this.backgroundFailure = err;
        },
      );
    }
    return (tx) => insertTimeline(tx, this.tables, timeline);
  }

  /**
   * Writes the pending facts and counters, a few statements at a time, each in a transaction of
   * its own: they touch different rows, and nothing reads them before the switch.
   */
  async flush(): Promise<void> {
    await this.settle();
    await this.run(this.take(), FLUSH_CONCURRENCY);
    if (this.cachedFacts() > this.maxCachedFacts) {
      // Written above: from now on, facts not in memory are looked up.
      this.facts = emptyStatisticsFacts();
      this.complete = false;
    }
  }

  /** Waits for the background flush; nothing is written after this resolves. */
  async abandon(): Promise<void> {
    await this.background?.catch(() => undefined);
  }

  private async settle(): Promise<void> {
    const background = this.background;
    this.background = undefined;
    await background;
    if (this.backgroundFailure !== undefined) throw this.backgroundFailure;
  }

  /** The statements that write what is pending, which is forgotten here. */
  private take(): WriteStatement[] {
    const changed = this.changed;
    this.changed = noChanges();
    const forget = this.writtenFacts !== undefined && this.rememberedKeys() > this.maxWrittenKeys;
    if (forget) this.writtenFacts = undefined;
    const written = this.writtenFacts;
    const fresh = noChanges();
    const again = written ? noChanges() : changed;
    if (written) {
      for (const kind of Object.keys(changed) as (keyof StatisticsFacts)[]) {
        for (const key of changed[kind]) {
          if (written[kind].has(key)) again[kind].add(key);
          else {
            written[kind].add(key);
            fresh[kind].add(key);
          }
        }
      }
    }
    return [
      ...factStatements(this.tables, fresh, this.facts, false),
      ...factStatements(this.tables, again, this.facts, true),
      ...this.provinceDaily.take(this.tables, forget),
      ...this.provinceNationalityDaily.take(this.tables, forget),
      ...this.agencyDaily.take(this.tables, forget),
    ];
  }

  /** Runs `statements` on up to `concurrency` connections; after a failure, starts no more of them. */
  private async run(statements: readonly WriteStatement[], concurrency: number): Promise<void> {
    let next = 0;
    let failure: { reason: unknown } | undefined;
    const worker = async () => {
      for (let statement = statements[next++]; statement && !failure; statement = statements[next++]) {
        const run = statement;
        try {
          await this.sql.transaction(async (tx) => {
            if (this.sql.dialect === 'pg') await tx.query('SET LOCAL synchronous_commit = off');
            await run(tx);
          });
        } catch (reason) {
          failure ??= { reason };
        }
      }
    };
    await Promise.all(Array.from({ length: concurrency }, worker));
    if (failure) throw failure.reason;
  }

  private pendingRows(): number {
    let rows = this.provinceDaily.pending + this.provinceNationalityDaily.pending + this.agencyDaily.pending;
    for (const kind of Object.keys(this.changed) as (keyof StatisticsFacts)[])
      rows += this.changed[kind].size;
    return rows;
  }

  /** Keys kept to tell new rows from written ones. */
  private rememberedKeys(): number {
    let keys =
      this.provinceDaily.remembered + this.provinceNationalityDaily.remembered + this.agencyDaily.remembered;
    const facts = this.writtenFacts;
    if (facts) for (const kind of Object.keys(facts) as (keyof StatisticsFacts)[]) keys += facts[kind].size;
    return keys;
  }

  private cachedFacts(): number {
    const f = this.facts;
    return f.operations.size + f.raids.size + f.cases.size + f.deportations.size + f.rescueRequests.size;
  }

  private async loadMissingFacts(records: readonly LedgerRecord[]): Promise<void> {
    const keys = referencedFacts(records);
    const f = this.facts;
    const missing: FactKeys = {
      operationIds: keys.operationIds.filter((id) => !f.operations.has(id)),
      raids: keys.raids.filter((r) => !f.raids.has(raidKey(r.operationId, r.raidId))),
      caseIds: keys.caseIds.filter((id) => !f.cases.has(id)),
      deportationIds: keys.deportationIds.filter((id) => !f.deportations.has(id)),
      requestIds: keys.requestIds.filter((id) => !f.rescueRequests.has(id)),
    };
    const loaded = await loadStatisticsFacts(this.sql, this.tables, missing);
    for (const kind of Object.keys(loaded) as (keyof StatisticsFacts)[]) {
      const into = f[kind] as Map<string, unknown>;
      for (const [key, fact] of loaded[kind] as Map<string, unknown>) into.set(key, fact);
    }
  }
}
