import { copyText, type CopyType, type SqlExecutor } from '@ledger/sql';
import {
  emptyStatisticsFacts,
  raidKey,
  type CaseFact,
  type DeportationFact,
  type FactKeys,
  type OperationFact,
  type RaidFact,
  type RescueRequestFact,
  type StatisticsDelta,
  type StatisticsFacts,
  type TimelineRow,
} from './statistics.delta.js';
import { COUNTERS, NATIONALITY_COUNTERS, type StatisticsTable } from './statistics.tables.js';

export type StatisticsTables = { readonly [K in StatisticsTable]: string };

type Columns = readonly (readonly [name: string, type: CopyType])[];

const counters = (names: readonly string[]) => names.map((name) => [name, 'bigint'] as const);

const COLUMNS = {
  operation_facts: [
    ['operation_id', 'text'],
    ['province_code', 'text'],
    ['lead_agency_id', 'text'],
    ['participants', 'text[]'],
  ],
  raid_facts: [
    ['operation_id', 'text'],
    ['raid_id', 'text'],
    ['province_code', 'text'],
  ],
  case_facts: [
    ['case_id', 'text'],
    ['operation_id', 'text'],
    ['province_code', 'text'],
    ['opened_by', 'text'],
    ['trafficking', 'boolean'],
  ],
  deportation_facts: [
    ['deportation_id', 'text'],
    ['operation_id', 'text'],
    ['province_code', 'text'],
    ['ordered_by', 'text'],
    ['persons_ordered', 'int'],
    ['persons_deported', 'int'],
  ],
  rescue_request_facts: [
    ['request_id', 'text'],
    ['province_code', 'text'],
    ['received_by', 'text'],
    ['investigated', 'boolean'],
  ],
  province_daily: [['province_code', 'text'], ['day', 'date'], ...counters(COUNTERS)],
  province_nationality_daily: [
    ['province_code', 'text'],
    ['day', 'date'],
    ['nationality', 'text'],
    ['sex', 'text'],
    ...counters(NATIONALITY_COUNTERS),
  ],
  agency_daily: [['agency_id', 'text'], ['day', 'date'], ['capacity', 'text'], ...counters(COUNTERS)],
  timeline: [
    ['stream_id', 'text'],
    ['position', 'bigint'],
    ['aggregate', 'text'],
    ['aggregate_id', 'text'],
    ['operation_id', 'text'],
    ['type', 'text'],
    ['agency_id', 'text'],
    ['user_id', 'text'],
    ['role', 'text'],
    ['occurred_at', 'timestamptz'],
    ['recorded_at', 'timestamptz'],
    ['summary', 'json'],
  ],
} as const satisfies Record<StatisticsTable, Columns>;

type Conflict = { key: readonly string[]; update: 'add' | 'replace' };

/** How a row meets an existing one: counters add up, facts are replaced, timeline rows are new. */
const CONFLICT: Record<StatisticsTable, Conflict | undefined> = {
  operation_facts: { key: ['operation_id'], update: 'replace' },
  raid_facts: { key: ['operation_id', 'raid_id'], update: 'replace' },
  case_facts: { key: ['case_id'], update: 'replace' },
  deportation_facts: { key: ['deportation_id'], update: 'replace' },
  rescue_request_facts: { key: ['request_id'], update: 'replace' },
  province_daily: { key: ['province_code', 'day'], update: 'add' },
  province_nationality_daily: { key: ['province_code', 'day', 'nationality', 'sex'], update: 'add' },
  agency_daily: { key: ['agency_id', 'day', 'capacity'], update: 'add' },
  // Exactly once is the runtime's promise: a second row for a position is a bug and must fail.
  timeline: undefined,
};

/**
 * An upsert of any number of rows: they travel as one JSON array that jsonb_to_recordset turns into typed
 * columns (text[] included, which unnest cannot do).
 */
function upsertStatement(name: StatisticsTable, table: string, conflict: Conflict): string {
  const columns: Columns = COLUMNS[name];
  const list = columns.map(([column]) => column).join(', ');
  const types = columns.map(([column, type]) => `${column} ${type}`).join(', ');
  const counter = (column: string) => conflict.update === 'add' && !conflict.key.includes(column);
  // Counter rows carry only the counters a batch touched.
  const values = columns.map(([column]) => (counter(column) ? `coalesce(${column}, 0)` : column)).join(', ');
  const set = columns
    .map(([column]) => column)
    .filter((column) => !conflict.key.includes(column))
    .map((column) => `${column} = ${conflict.update === 'add' ? `t.${column} + ` : ''}EXCLUDED.${column}`);
  return (
    `INSERT INTO ${table} AS t (${list}) SELECT ${values} FROM jsonb_to_recordset($1::jsonb) AS r(${types}) ` +
    `ON CONFLICT (${conflict.key.join(', ')}) DO UPDATE SET ${set.join(', ')}`
  );
}

/** Upsert texts by physical table: every batch of the live projector writes through them. */
const upserts = new Map<string, string>();

/** Rows per statement: a rebuild's final write holds hundreds of thousands, too many for one string. */
const ROWS_PER_STATEMENT = 20_000;

/** One statement of a delta's write; its text is made when it runs, so that few exist at once. */
export type WriteStatement = (executor: SqlExecutor) => Promise<void>;

/** Rows that are new to their table, as COPY text: counters a row lacks are 0. */
function newRows(name: StatisticsTable, rows: readonly object[]): string {
  const zero = CONFLICT[name]?.update === 'add' ? () => '0' : undefined;
  return copyText(COLUMNS[name], rows as readonly Record<string, unknown>[], zero);
}

const copyRows = (executor: SqlExecutor, tables: StatisticsTables, name: StatisticsTable, text: string) =>
  executor.copyFrom(
    tables[name],
    COLUMNS[name].map(([column]) => column),
    text,
  );

/**
 * Writes rows to a table. Rows that may meet stored ones (`upsert`, in a table with a key) are upserted; rows
 * the table cannot hold yet are loaded with COPY, which costs the server a fraction of an INSERT.
 */
async function writeRows(
  executor: SqlExecutor,
  tables: StatisticsTables,
  name: StatisticsTable,
  rows: readonly object[],
  upsert: boolean,
): Promise<void> {
  if (rows.length === 0) return;
  const conflict = CONFLICT[name];
  if (!upsert || !conflict) return copyRows(executor, tables, name, newRows(name, rows));
  const table = tables[name];
  let text = upserts.get(table);
  if (text === undefined) upserts.set(table, (text = upsertStatement(name, table, conflict)));
  await executor.query(text, [JSON.stringify(rows)], { prepare: true });
}

function insertRows(
  tables: StatisticsTables,
  name: StatisticsTable,
  rows: readonly object[],
  upsert: boolean,
): WriteStatement[] {
  return chunked(rows.length, (from, to) => {
    const chunk = rows.slice(from, to);
    return (executor) => writeRows(executor, tables, name, chunk, upsert);
  });
}

/** One statement per ROWS_PER_STATEMENT of `count` rows. */
function chunked(count: number, statement: (from: number, to: number) => WriteStatement): WriteStatement[] {
  const statements: WriteStatement[] = [];
  for (let from = 0; from < count; from += ROWS_PER_STATEMENT) {
    statements.push(statement(from, Math.min(count, from + ROWS_PER_STATEMENT)));
  }
  return statements;
}

/** Timeline rows as COPY text, made ahead of the write (timeline rows are always new). */
export function timelineCopy(rows: readonly TimelineRow[]): string {
  return newRows('timeline', rows);
}

/** Inserts timeline rows prepared by `timelineCopy`. */
export async function insertTimeline(tx: SqlExecutor, tables: StatisticsTables, copy: string): Promise<void> {
  if (copy !== '') await copyRows(tx, tables, 'timeline', copy);
}

interface OperationRow {
  operation_id: string;
  province_code: string;
  lead_agency_id: string;
  participants: string[];
}
interface RaidRow {
  operation_id: string;
  raid_id: string;
  province_code: string;
}
interface CaseRow {
  case_id: string;
  operation_id: string;
  province_code: string;
  opened_by: string;
  trafficking: boolean;
}
interface DeportationRow {
  deportation_id: string;
  operation_id: string;
  province_code: string;
  ordered_by: string;
  persons_ordered: number;
  persons_deported: number;
}
interface RescueRequestRow {
  request_id: string;
  province_code: string;
  received_by: string;
  investigated: boolean;
}

/** How one kind of fact maps to its table; loading and writing facts share it. */
interface FactCodec<F, R> {
  table: StatisticsTable;
  keyColumns: readonly string[];
  /** One array per key column: the keys a batch refers to. */
  referenced(keys: FactKeys): string[][];
  /** The key under which `StatisticsFacts` holds the fact. */
  keyOf(row: R): string;
  toRow(fact: F): R;
  fromRow(row: R): F;
}

const FACTS: {
  [K in keyof StatisticsFacts]: FactCodec<
    StatisticsFacts[K] extends Map<string, infer F> ? F : never,
    unknown
  >;
} = {
  operations: codec<OperationFact, OperationRow>({
    table: 'operation_facts',
    keyColumns: ['operation_id'],
    referenced: (keys) => [keys.operationIds],
    keyOf: (r) => r.operation_id,
    toRow: (f) => ({
      operation_id: f.operationId,
      province_code: f.provinceCode,
      lead_agency_id: f.leadAgencyId,
      participants: f.participants,
    }),
    fromRow: (r) => ({
      operationId: r.operation_id,
      provinceCode: r.province_code,
      leadAgencyId: r.lead_agency_id,
      participants: r.participants,
    }),
  }),
  raids: codec<RaidFact, RaidRow>({
    table: 'raid_facts',
    keyColumns: ['operation_id', 'raid_id'],
    referenced: (keys) => [keys.raids.map((k) => k.operationId), keys.raids.map((k) => k.raidId)],
    keyOf: (r) => raidKey(r.operation_id, r.raid_id),
    toRow: (f) => ({ operation_id: f.operationId, raid_id: f.raidId, province_code: f.provinceCode }),
    fromRow: (r) => ({ operationId: r.operation_id, raidId: r.raid_id, provinceCode: r.province_code }),
  }),
  cases: codec<CaseFact, CaseRow>({
    table: 'case_facts',
    keyColumns: ['case_id'],
    referenced: (keys) => [keys.caseIds],
    keyOf: (r) => r.case_id,
    toRow: (f) => ({
      case_id: f.caseId,
      operation_id: f.operationId,
      province_code: f.provinceCode,
      opened_by: f.openedBy,
      trafficking: f.trafficking,
    }),
    fromRow: (r) => ({
      caseId: r.case_id,
      operationId: r.operation_id,
      provinceCode: r.province_code,
      openedBy: r.opened_by,
      trafficking: r.trafficking,
    }),
  }),
  deportations: codec<DeportationFact, DeportationRow>({
    table: 'deportation_facts',
    keyColumns: ['deportation_id'],
    referenced: (keys) => [keys.deportationIds],
    keyOf: (r) => r.deportation_id,
    toRow: (f) => ({
      deportation_id: f.deportationId,
      operation_id: f.operationId,
      province_code: f.provinceCode,
      ordered_by: f.orderedBy,
      persons_ordered: f.personsOrdered,
      persons_deported: f.personsDeported,
    }),
    fromRow: (r) => ({
      deportationId: r.deportation_id,
      operationId: r.operation_id,
      provinceCode: r.province_code,
      orderedBy: r.ordered_by,
      personsOrdered: r.persons_ordered,
      personsDeported: r.persons_deported,
    }),
  }),
  rescueRequests: codec<RescueRequestFact, RescueRequestRow>({
    table: 'rescue_request_facts',
    keyColumns: ['request_id'],
    referenced: (keys) => [keys.requestIds],
    keyOf: (r) => r.request_id,
    toRow: (f) => ({
      request_id: f.requestId,
      province_code: f.provinceCode,
      received_by: f.receivedBy,
      investigated: f.investigated,
    }),
    fromRow: (r) => ({
      requestId: r.request_id,
      provinceCode: r.province_code,
      receivedBy: r.received_by,
      investigated: r.investigated,
    }),
  }),
};

/** Erases the row type, which only the codec itself needs to know. */
function codec<F, R>(c: FactCodec<F, R>): FactCodec<F, unknown> {
  return c as unknown as FactCodec<F, unknown>;
}

const FACT_KINDS = Object.keys(FACTS) as (keyof StatisticsFacts)[];

/** Reads the stored facts for the keys a batch refers to, one statement per kind. */
export async function loadStatisticsFacts(
  tx: SqlExecutor,
  tables: StatisticsTables,
  keys: FactKeys,
): Promise<StatisticsFacts> {
  const facts = emptyStatisticsFacts();
  for (const kind of FACT_KINDS) {
    const c = FACTS[kind];
    const referenced = c.referenced(keys);
    if ((referenced[0]?.length ?? 0) === 0) continue;
    const columns = c.keyColumns.join(', ');
    const arrays = c.keyColumns.map((_, i) => `$${i + 1}::text[]`).join(', ');
    const { rows } = await tx.query(
      `SELECT * FROM ${tables[c.table]} WHERE (${columns}) IN (SELECT * FROM unnest(${arrays}))`,
      referenced,
      { prepare: true },
    );
    const into = facts[kind] as Map<string, unknown>;
    for (const row of rows) into.set(c.keyOf(row), c.fromRow(row));
  }
  return facts;
}

/** Writes a batch's delta: the facts it changed, the counters it adds, its timeline rows. */
export async function writeStatisticsDelta(
  tx: SqlExecutor,
  tables: StatisticsTables,
  delta: StatisticsDelta,
  facts: StatisticsFacts,
): Promise<void> {
  for (const statement of deltaStatements(tables, delta, facts)) await statement(tx);
  await insertTimeline(tx, tables, timelineCopy(delta.timeline));
}

/**
 * The statements that write a delta's facts and counters (not its timeline), in any order:
 * no two touch the same row. `upsert` false: the tables hold none of these rows yet.
 */
export function deltaStatements(
  tables: StatisticsTables,
  delta: StatisticsDelta,
  facts: StatisticsFacts,
  upsert = true,
): WriteStatement[] {
  return [
    ...factStatements(tables, delta.changed, facts, upsert),
    ...insertRows(tables, 'province_daily', [...delta.provinceDaily.values()], upsert),
    ...insertRows(tables, 'province_nationality_daily', [...delta.provinceNationalityDaily.values()], upsert),
    ...insertRows(tables, 'agency_daily', [...delta.agencyDaily.values()], upsert),
  ];
}

/** The statements that write the facts named in `changed`, as `facts` holds them now. */
export function factStatements(
  tables: StatisticsTables,
  changed: StatisticsDelta['changed'],
  facts: StatisticsFacts,
  upsert = true,
): WriteStatement[] {
  const statements: WriteStatement[] = [];
  for (const kind of FACT_KINDS) {
    const c = FACTS[kind] as FactCodec<unknown, unknown>;
    const from = facts[kind] as Map<string, unknown>;
    const rows = [...changed[kind]].flatMap((key) => {
      const fact = from.get(key);
      return fact === undefined ? [] : [c.toRow(fact) as object];
    });
    statements.push(...insertRows(tables, c.table, rows, upsert));
  }
  return statements;
}

/**
 * Statements adding counter rows to the rows already there, `count` rows in all, each made by
 * `rowsAt(from, to)` only when its statement runs.
 */
export function counterUpserts(
  tables: StatisticsTables,
  name: CounterTable,
  count: number,
  rowsAt: (from: number, to: number) => object[],
): WriteStatement[] {
  return chunked(
    count,
    (from, to) => (executor) => writeRows(executor, tables, name, rowsAt(from, to), true),
  );
}

/**
 * Statements loading rows new to their table with COPY, `count` rows in all, each's COPY text (of the
 * table's columns, in `counterLayout` order for a counter table) made by `textAt(from, to)` only when its
 * statement runs.
 */
export function copyStatements(
  tables: StatisticsTables,
  name: StatisticsTable,
  count: number,
  textAt: (from: number, to: number) => string,
): WriteStatement[] {
  return chunked(count, (from, to) => (executor) => copyRows(executor, tables, name, textAt(from, to)));
}

export type CounterTable = 'province_daily' | 'province_nationality_daily' | 'agency_daily';

/** A counter table's key columns and its counters, in the order of its COPY columns. */
export function counterLayout(name: CounterTable): { key: readonly string[]; counters: readonly string[] } {
  const key = CONFLICT[name]?.key ?? [];
  const columns: Columns = COLUMNS[name];
  return { key, counters: columns.map(([column]) => column).filter((column) => !key.includes(column)) };
}
