import { copyEscape, copyValue } from '@ledger/sql';
import {
  copyStatements,
  counterLayout,
  counterUpserts,
  type CounterTable,
  type StatisticsTables,
  type WriteStatement,
} from './statistics.writer.js';

/**
 * Row ids by key, one Map level per key column, and the key columns of each row by id. A rebuild
 * looks a row up millions of times: finding a few short strings level by level costs a fraction
 * of joining them into one key and hashing that.
 */
class KeyIndex {
  private readonly root = new Map<string, unknown>();
  /** Per key column, each row's value, by id. */
  readonly parts: string[][];

  constructor(private readonly depth: number) {
    this.parts = Array.from({ length: depth }, () => []);
  }

  get size(): number {
    return (this.parts[0] as string[]).length;
  }

  /** The id of the row keyed (a, b, c, d), as many of them as the key has columns; new rows get the next id. */
  id(a: string, b: string, c: string, d: string): number {
    let level = this.root;
    for (let column = 0; column < this.depth - 1; column++) {
      const part = column === 0 ? a : column === 1 ? b : c;
      let next = level.get(part) as Map<string, unknown> | undefined;
      if (next === undefined) level.set(part, (next = new Map()));
      level = next;
    }
    const last = this.depth === 2 ? b : this.depth === 3 ? c : d;
    let id = level.get(last) as number | undefined;
    if (id === undefined) {
      id = this.size;
      level.set(last, id);
      const values = [a, b, c, d];
      for (let column = 0; column < this.depth; column++) {
        (this.parts[column] as string[]).push(values[column] as string);
      }
    }
    return id;
  }
}

const INITIAL_ROWS = 1024;

/**
 * Counter rows added up over many batches, compactly: the counters of the rows touched since the
 * last take in one Float64Array, and for every row the table holds, one bit that says so (its
 * next write adds to it rather than loading it). Hundreds of thousands of small objects that live
 * for the whole rebuild would cost the garbage collector more than computing them does.
 */
export class CounterSums {
  private keys: KeyIndex;
  /** Per row id: its place in `sums` since the last take, or -1. */
  private slot = new Int32Array(INITIAL_ROWS).fill(-1);
  /** Per row id: 1 once the table holds the row. Undefined once forgotten: every write then adds. */
  private written: Uint8Array | undefined = new Uint8Array(INITIAL_ROWS);
  /** Row id of each place in `sums`. */
  private touched: number[] = [];
  /** `width` counters per place. */
  private sums: Float64Array;
  private readonly width: number;
  /** Column of each counter: a plain object, which a name from a literal finds faster than a Map. */
  private readonly column: Readonly<Record<string, number>>;
  private readonly keyColumns: readonly string[];
  private readonly counters: readonly string[];

  constructor(private readonly table: CounterTable) {
    const { key, counters } = counterLayout(table);
    this.keyColumns = key;
    this.counters = counters;
    this.keys = new KeyIndex(key.length);
    this.width = counters.length;
    this.column = Object.assign(
      Object.create(null) as Record<string, number>,
      Object.fromEntries(counters.map((name, i) => [name, i])),
    );
    this.sums = new Float64Array(INITIAL_ROWS * this.width);
  }

  /** Rows touched since the last take. */
  get pending(): number {
    return this.touched.length;
  }

  /** Keys kept in memory. */
  get remembered(): number {
    return this.keys.size;
  }

  /** Adds counters to the row keyed (a, b, c, d), as many of them as the table has key columns, in their order. */
  add(a: string, b: string, c: string, d: string, counters: Readonly<Partial<Record<string, number>>>): void {
    const id = this.keys.id(a, b, c, d);
    if (id >= this.slot.length) this.growIds();
    let at = this.slot[id] as number;
    if (at === -1) {
      at = this.touched.length;
      this.touched.push(id);
      this.slot[id] = at;
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
   * The statements that write the rows touched since the last take, which start again from zero
   * here: COPY for rows the table does not hold yet, upserts that add for the others. `forget`
   * (or an earlier one) lets go of the keys of written rows, to bound memory: every write upserts
   * from then on.
   */
  take(tables: StatisticsTables, forget: boolean): WriteStatement[] {
    const touched = this.touched;
    const sums = this.sums;
    const parts = this.keys.parts;
    if (forget) this.written = undefined;
    const written = this.written;
    // Indexes into `touched`.
    const fresh: number[] = [];
    const again: number[] = [];
    for (let at = 0; at < touched.length; at++) {
      const id = touched[at] as number;
      this.slot[id] = -1;
      if (written && written[id] === 0) {
        written[id] = 1;
        fresh.push(at);
      } else again.push(at);
    }
    this.touched = [];
    this.sums = new Float64Array(INITIAL_ROWS * this.width);
    if (!written) {
      // Nothing to remember keys for: they live one flush.
      this.keys = new KeyIndex(this.keyColumns.length);
      this.slot = new Int32Array(INITIAL_ROWS).fill(-1);
    }
    const { keyColumns, counters, width } = this;
    // Rows like the delta's, for the upserts: the key columns and the counters that are not zero.
    const rowsOf = (from: number, to: number) =>
      again.slice(from, to).map((at) => {
        const id = touched[at] as number;
        const row: Record<string, unknown> = {};
        keyColumns.forEach((column, c) => (row[column] = (parts[c] as string[])[id]));
        for (let c = 0; c < width; c++) {
          const value = sums[at * width + c] as number;
          if (value !== 0) row[counters[c] as string] = value;
        }
        return row;
      });
    // New rows go straight from the sums to COPY text: the key columns, then every counter.
    const textOf = (from: number, to: number) => {
      let text = '';
      for (let r = from; r < to; r++) {
        const at = fresh[r] as number;
        const id = touched[at] as number;
        for (let c = 0; c < parts.length; c++) {
          text += `${c === 0 ? '' : '\t'}${copyEscape((parts[c] as string[])[id] as string)}`;
        }
        for (let c = at * width, end = c + width; c < end; c++) {
          const value = sums[c] as number;
          text += value === 0 ? '\t0' : `\t${copyValue(value, 'bigint')}`;
        }
        text += '\n';
      }
      return text;
    };
    return [
      ...copyStatements(tables, this.table, fresh.length, textOf),
      ...counterUpserts(tables, this.table, again.length, rowsOf),
    ];
  }

  private growIds(): void {
    const slot = new Int32Array(this.slot.length * 2).fill(-1);
    slot.set(this.slot);
    this.slot = slot;
    if (this.written) {
      const written = new Uint8Array(this.slot.length);
      written.set(this.written);
      this.written = written;
    }
  }
}
