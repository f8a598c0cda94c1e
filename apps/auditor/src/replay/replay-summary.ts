/**
 * What a replay prints: the statistics read models of one schema, national, per province and per
 * agency, as plain JSON. The figures come from the query layer the API answers with, so a replay
 * and the live read models can be compared figure by figure.
 */
import { writeFile } from 'node:fs/promises';
import {
  quoteIdentifier,
  StatisticsQueries,
  type AgencyCapacity,
  type Figures,
  type NationalityBreakdown,
} from '@ledger/read-models';
import type { SqlExecutor } from '@ledger/sql';
import type { ReplayTime } from './as-of.js';

export interface AreaFigures {
  totals: Figures;
  breakdown: NationalityBreakdown;
}

export interface ProvinceFigures extends AreaFigures {
  provinceCode: string;
}

/** led / joined: facts of the operations the agency led or joined; own: its cases, deportations, requests. */
export type AgencyFigures = { agencyId: string } & Record<AgencyCapacity, Figures>;

export interface StatisticsSummary {
  national: AreaFigures;
  /** Ordered by province code; 'unknown' holds facts that name no province. */
  provinces: ProvinceFigures[];
  /** Ordered by agency id. */
  agencies: AgencyFigures[];
}

export interface ReplaySummary extends StatisticsSummary {
  /** ISO 8601. */
  asOf: string;
  time: ReplayTime;
  /** When the replay ran, ISO 8601. */
  replayedAt: string;
  /** Schema the read models were rebuilt in. */
  schema: string;
  /** False when the schema was dropped once the summary was read. */
  schemaKept: boolean;
  events: {
    /** Head of the log when the replay started: later events are left out, whatever their time. */
    headPosition: string;
    /** Events the replay read from the log. */
    read: number;
    /** Ledger events as of the moment, projected. */
    replayed: number;
    /** Position of the last event projected; null when none was. */
    lastReplayedPosition: string | null;
  };
}

/** Reads the statistics of `schema` (the live read models or a replay's) through their views. */
export async function readStatisticsSummary(sql: SqlExecutor, schema: string): Promise<StatisticsSummary> {
  const queries = new StatisticsQueries(sql, schema);
  const s = quoteIdentifier(schema, 'schema');
  // Only the keys come from here; every figure comes from the queries.
  const [provinceCodes, agencyIds] = await Promise.all([
    sql.query<{ key: string }>(`SELECT DISTINCT province_code AS key FROM ${s}.province_daily ORDER BY 1`),
    sql.query<{ key: string }>(`SELECT DISTINCT agency_id AS key FROM ${s}.agency_daily ORDER BY 1`),
  ]);
  const national = await queries.national({});
  const provinces: ProvinceFigures[] = [];
  for (const { key } of provinceCodes.rows) {
    const { totals, breakdown } = await queries.province(key, {});
    provinces.push({ provinceCode: key, totals, breakdown });
  }
  const agencies: AgencyFigures[] = [];
  for (const { key } of agencyIds.rows) {
    const { led, joined, own } = await queries.agency(key, {});
    agencies.push({ agencyId: key, led: led.totals, joined: joined.totals, own: own.totals });
  }
  return { national: { totals: national.totals, breakdown: national.breakdown }, provinces, agencies };
}

/** Writes the summary as JSON (the default) or as the text `formatReplaySummary` prints. */
export async function writeReplaySummary(
  path: string,
  summary: ReplaySummary,
  format: 'json' | 'text' = 'json',
): Promise<void> {
  const text = format === 'json' ? `${JSON.stringify(summary, null, 2)}\n` : formatReplaySummary(summary);
  await writeFile(path, text, 'utf8');
}

interface Column {
  label: string;
  value: (figures: Figures, breakdown?: NationalityBreakdown) => number | undefined;
}

const counter =
  (name: keyof Figures) =>
  (figures: Figures): number =>
    figures[name];

/** The figures the public reports give, in three tables narrow enough for a terminal. */
const TABLES: { title: string; columns: Column[] }[] = [
  {
    title: 'Operations and screening',
    columns: [
      { label: 'operations', value: counter('operations_planned') },
      { label: 'raids', value: counter('raids') },
      { label: 'premises', value: counter('premises_inspected') },
      { label: 'screened', value: counter('persons_screened') },
      { label: 'foreigners', value: counter('foreigners_screened') },
      // Only the province and national queries break figures down by nationality.
      { label: 'nationalities', value: (_, breakdown) => breakdown?.nationalities },
      { label: 'women', value: counter('screened_female') },
      { label: 'no\npassport', value: counter('without_passport') },
      { label: 'no work\npermit', value: counter('without_work_permit') },
    ],
  },
  {
    title: 'Detentions, victims and fines',
    columns: [
      { label: 'suspects\ndetained', value: counter('suspects_detained') },
      { label: 'foreigners', value: counter('foreign_suspects_detained') },
      { label: 'victims', value: counter('victims') },
      { label: 'minors', value: counter('minor_victims') },
      { label: 'women', value: counter('female_victims') },
      { label: 'fines', value: counter('fines_imposed') },
      { label: 'fines\n(riel)', value: counter('fines_riel') },
    ],
  },
  {
    title: 'Cases and deportations',
    columns: [
      { label: 'cases\nopened', value: counter('cases_opened') },
      { label: 'sent to\ncourt', value: counter('cases_sent_to_court') },
      { label: 'suspects\nsent', value: counter('suspects_sent_to_court') },
      { label: 'deportations\nexecuted', value: counter('deportations_executed') },
      { label: 'persons\ndeported', value: counter('persons_deported') },
      { label: 'women', value: counter('women_deported') },
    ],
  },
];

const DESCRIBE_TIME: Record<ReplayTime, string> = {
  recorded: 'recorded time: what the ledger held at that moment',
  business: 'business time: what had happened by that moment, as the ledger knows it now',
};

/** 1234567 → "1,234,567", whatever the host's locale. */
const grouped = (n: number): string => String(n).replace(/\B(?=(\d{3})+(?!\d))/g, ',');

/** A human-readable report of a replay: what happened, then one table per group of figures. */
export function formatReplaySummary(summary: ReplaySummary): string {
  const { events } = summary;
  const lines = [
    `Replay as of ${summary.asOf} (${DESCRIBE_TIME[summary.time]})`,
    `Read models rebuilt in schema ${summary.schema}${summary.schemaKept ? '' : ' (dropped since)'}`,
    `Events: ${grouped(events.replayed)} replayed of ${grouped(events.read)} read, log head at position ${events.headPosition}` +
      (events.lastReplayedPosition === null ? '' : `, last replayed at ${events.lastReplayedPosition}`),
  ];
  const rows: { label: string; figures: Figures; breakdown?: NationalityBreakdown }[] = [
    { label: 'National', figures: summary.national.totals, breakdown: summary.national.breakdown },
    ...summary.provinces.map((p) => ({
      label: `Province ${p.provinceCode}`,
      figures: p.totals,
      breakdown: p.breakdown,
    })),
    ...summary.agencies.flatMap((a) =>
      (['led', 'joined', 'own'] as const)
        .filter((capacity) => Object.values(a[capacity]).some((n) => n !== 0))
        .map((capacity) => ({ label: `${a.agencyId} (${capacity})`, figures: a[capacity] })),
    ),
  ];
  for (const { title, columns } of TABLES) {
    const cells = rows.map((row) => [
      row.label,
      ...columns.map((c) => {
        const value = c.value(row.figures, row.breakdown);
        return value === undefined ? '-' : grouped(value);
      }),
    ]);
    lines.push('', title, ...table(['', ...columns.map((c) => c.label)], cells));
  }
  return `${lines.join('\n')}\n`;
}

/**
 * Left-aligned first column, right-aligned figures, two spaces between columns. A header may
 * span lines ("\n"), bottom-aligned.
 */
function table(header: string[], rows: string[][]): string[] {
  const headerLines = header.map((h) => h.split('\n'));
  const depth = Math.max(...headerLines.map((parts) => parts.length));
  const widths = headerLines.map((parts, i) =>
    Math.max(...parts.map((p) => p.length), ...rows.map((r) => (r[i] ?? '').length)),
  );
  const line = (cells: string[]) =>
    cells
      .map((cell, i) => (i === 0 ? cell.padEnd(widths[i]!) : cell.padStart(widths[i]!)))
      .join('  ')
      .trimEnd();
  const headings = Array.from({ length: depth }, (_, level) =>
    line(headerLines.map((parts) => parts[level - (depth - parts.length)] ?? '')),
  );
  return [...headings, line(widths.map((w) => '-'.repeat(w))), ...rows.map(line)];
}
