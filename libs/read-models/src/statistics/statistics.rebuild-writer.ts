import type { RecordedEvent } from '@ledger/event-store';
import { copyEscape, copyValue, type SqlClient, type SqlExecutor } from '@ledger/sql';
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
import { COUNTERS, NATIONALITY_COUNTERS } from './statistics.tables.js';
import {
  copyStatements,
  counterUpserts,
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

type CounterTable = 'province_daily' | 'province_nationality_daily' | 'agency_daily';

/**
 * Counter rows added up over many batches, compactly: row number by key in a Map, the counters
 * in one Float64Array. Hundreds of thousands of small objects that live for the whole rebuild
 * would cost the garbage collector more than computing them does.
 */
class CounterSums {
  private index = new Map<string, number>();
  private sums: Float64Array;
  private readonly width: number;
  /** Column of each counter: a plain object, which a name from a literal finds faster than a Map. */
  private readonly column: Readonly<Record<string, number>>;

  constructor(
    private readonly table: CounterTable,
    /** Key columns, in the order the delta joins them into its map keys. */
    private readonly keyColumns: readonly string[],
    private readonly counters: readonly string[],
  ) {
    this.width = counters.length;
    this.column = Object.assign(
      Object.create(null) as Record<string, number>,
      Object.fromEntries(counters.map((name, i) => [name, i])),
    );
    this.sums = new Float64Array(1024 * this.width);
  }

  get size(): number {
    return this.index.size;
  }

  /** Adds counters to the row of `key` (keyed as the delta keys its rows). */
  add(key: string, counters: Readonly<Partial<Record<string, number>>>): void {
    let at = this.index.get(key);
    if (at === undefined) {
      at = this.index.size;
      this.index.set(key, at);
      if ((at + 1) * this.width > this.sums.length) {
        const grown = new Float64Array(this.sums.length * 2);
        grown.set(this.sums);
        this.sums = grown;
      }
    }
    const base = at * this.width;
    const sums = this.sums;
    for (const name in counters) {
      const value = counters[name];
      const c = this.column[name];
      if (value && c !== undefined) sums[base + c] = (sums[base + c] as number) + value;
    }
  }

  /**
   * The statements that write the rows added so far, which are forgotten here: COPYs
   * for keys not in `written` (which then holds them), upserts that add for the others (for all,
   * without `written`).
   */
  take(tables: StatisticsTables, written: Set<string> | undefined): WriteStatement[] {
    const keys = [...this.index.keys()];
    const sums = this.sums;
    this.index = new Map();
    this.sums = new Float64Array(1024 * this.width);
    const fresh: number[] = [];
    const again: number[] = [];
    keys.forEach((key, at) => {
      if (!written || written.has(key)) again.push(at);
      else {
        written.add(key);
        fresh.push(at);
      }
    });
    const { keyColumns, counters, width } = this;
    // Rows like the delta's, for the upserts: the key columns and the counters that are not zero.
    const rowsOf = (rows: number[]) => (from: number, to: number) =>
      rows.slice(from, to).map((at) => {
        const parts = (keys[at] as string).split('\u0000');
        const row: Record<string, unknown> = {};
        keyColumns.forEach((column, i) => (row[column] = parts[i]));
        for (let c = 0; c < width; c++) {
          const value = sums[at * width + c] as number;
          if (value !== 0) row[counters[c] as string] = value;
        }
        return row;
      });
    // New rows go straight from the sums to COPY text: the key's parts, then every counter.
    const textOf = (from: number, to: number) => {
      let text = '';
      for (let r = from; r < to; r++) {
        const at = fresh[r] as number;
        // The key's NUL separators are not among the characters COPY escapes: they become the tabs.
        text += copyEscape(keys[at] as string).replaceAll('\u0000', '\t');
        for (let c = at * width, end = c + width; c < end; c++) {
          const value = sums[c] as number;
          text += value === 0 ? '\t0' : `\t${copyValue(value, 'bigint')}`;
        }
        text += '\n';
      }
      return text;
    };
    return [
      ...copyStatements(tables, this.table, [...keyColumns, ...counters], fresh.length, textOf),
      ...counterUpserts(tables, this.table, again.length, rowsOf(again)),
    ];
  }
}

function writtenKeys(written: {
  province_daily: Set<string>;
  province_nationality_daily: Set<string>;
  agency_daily: Set<string>;
  facts: StatisticsDelta['changed'];
}): number {
  let keys =
    written.province_daily.size + written.province_nationality_daily.size + written.agency_daily.size;
  for (const kind of Object.keys(written.facts) as (keyof StatisticsFacts)[])
    keys += written.facts[kind].size;
  return keys;
}

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
  private readonly provinceDaily = new CounterSums('province_daily', ['province_code', 'day'], COUNTERS);
  private readonly provinceNationalityDaily = new CounterSums(
    'province_nationality_daily',
    ['province_code', 'day', 'nationality', 'sex'],
    NATIONALITY_COUNTERS,
  );
  private readonly agencyDaily = new CounterSums('agency_daily', ['agency_id', 'day', 'capacity'], COUNTERS);
  /** The delta code counts straight into the sums. */
  private readonly sink: CounterSink = {
    province: (key, _province, _day, counters) => this.provinceDaily.add(key, counters),
    agency: (key, _agency, _day, _capacity, counters) => this.agencyDaily.add(key, counters),
    nationality: (key, _province, _day, _nationality, _sex, counters) =>
      this.provinceNationalityDaily.add(key, counters),
  };
  /**
   * Keys of the counter rows and facts written so far: a row not among them is loaded with COPY.
   * Past `maxWrittenKeys`, no longer kept: every write is then an upsert.
   */
  private written:
    | {
        province_daily: Set<string>;
        province_nationality_daily: Set<string>;
        agency_daily: Set<string>;
        facts: StatisticsDelta['changed'];
      }
    | undefined = {
    province_daily: new Set(),
    province_nationality_daily: new Set(),
    agency_daily: new Set(),
    facts: noChanges(),
  };
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
    if (this.written && writtenKeys(this.written) > this.maxWrittenKeys) this.written = undefined;
    const written = this.written;
    const fresh = noChanges();
    const again = written ? noChanges() : changed;
    if (written) {
      for (const kind of Object.keys(changed) as (keyof StatisticsFacts)[]) {
        for (const key of changed[kind]) {
          if (written.facts[kind].has(key)) again[kind].add(key);
          else {
            written.facts[kind].add(key);
            fresh[kind].add(key);
          }
        }
      }
    }
    return [
      ...factStatements(this.tables, fresh, this.facts, false),
      ...factStatements(this.tables, again, this.facts, true),
      ...this.provinceDaily.take(this.tables, written?.province_daily),
      ...this.provinceNationalityDaily.take(this.tables, written?.province_nationality_daily),
      ...this.agencyDaily.take(this.tables, written?.agency_daily),
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
    let rows = this.provinceDaily.size + this.provinceNationalityDaily.size + this.agencyDaily.size;
    for (const kind of Object.keys(this.changed) as (keyof StatisticsFacts)[])
      rows += this.changed[kind].size;
    return rows;
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
