import type { SqlExecutor } from '@ledger/sql';
import { quoteIdentifier } from '../projector/projection.js';
import {
  AGENCY_CAPACITIES,
  type AgencyCapacity,
  COUNTERS,
  type Counter,
  NATIONALITY_COUNTERS,
  type NationalityCounter,
} from '../statistics/statistics.tables.js';

export const GROUP_BY = ['day', 'month', 'year'] as const;
export type GroupBy = (typeof GROUP_BY)[number];

/** Calendar dates in Cambodia, both ends included; `groupBy` adds a series to the totals. */
export interface Period {
  from?: string;
  to?: string;
  groupBy?: GroupBy;
}

export type Figures = Record<Counter, number>;
export type NationalityFigures = Record<NationalityCounter, number>;

export interface FiguresOverTime {
  totals: Figures;
  /** One entry per day, month or year that has any figure, oldest first. */
  series?: ({ period: string } & Figures)[];
}

export interface NationalityBreakdown {
  /** Nationalities with any person screened, detained, found as victim or deported. */
  nationalities: number;
  women: NationalityFigures;
  byNationality: ({ nationality: string; sex: string } & NationalityFigures)[];
}

export interface TimelineEntry {
  position: string;
  streamId: string;
  aggregate: string;
  aggregateId: string;
  operationId: string | null;
  type: string;
  recordedBy: { agencyId: string | null; userId: string | null; role: string | null };
  occurredAt: string | null;
  recordedAt: string;
  summary: unknown;
}

const FORMAT: Record<GroupBy, string> = { day: 'YYYY-MM-DD', month: 'YYYY-MM', year: 'YYYY' };
const sums = (columns: readonly string[]) =>
  columns.map((c) => `coalesce(sum(${c}), 0)::bigint AS ${c}`).join(', ');
const toNumbers = <K extends string>(
  row: Record<string, unknown>,
  columns: readonly K[],
): Record<K, number> => Object.fromEntries(columns.map((c) => [c, Number(row[c] ?? 0)])) as Record<K, number>;

/**
 * Reads the statistics projection through its views, so a rebuild's switch-over is invisible.
 * Every figure is summed over the period in SQL; only the grouping differs between questions.
 */
export class StatisticsQueries {
  private readonly schema: string;

  constructor(
    private readonly sql: SqlExecutor,
    schema: string,
  ) {
    this.schema = quoteIdentifier(schema);
  }

  province(
    provinceCode: string,
    period: Period,
  ): Promise<FiguresOverTime & { breakdown: NationalityBreakdown }> {
    return this.withBreakdown('province_code = $3', [provinceCode], period);
  }

  national(period: Period): Promise<FiguresOverTime & { breakdown: NationalityBreakdown }> {
    return this.withBreakdown('true', [], period);
  }

  async agency(agencyId: string, period: Period): Promise<Record<AgencyCapacity, FiguresOverTime>> {
    const entries = await Promise.all(
      AGENCY_CAPACITIES.map(
        async (capacity) =>
          [
            capacity,
            await this.figures(
              'agency_daily',
              'agency_id = $3 AND capacity = $4',
              [agencyId, capacity],
              period,
            ),
          ] as const,
      ),
    );
    return Object.fromEntries(entries) as Record<AgencyCapacity, FiguresOverTime>;
  }

  /** Every event about an operation (its own, its cases' and its deportations'), in log order. */
  operationTimeline(operationId: string): Promise<TimelineEntry[]> {
    return this.timeline('operation_id = $1', [operationId]);
  }

  /** The cases opened from an operation, as far as the projection has come. */
  async casesOfOperation(operationId: string): Promise<string[]> {
    const { rows } = await this.sql.query<{ case_id: string }>(
      `SELECT case_id FROM ${this.schema}.case_facts WHERE operation_id = $1 ORDER BY case_id`,
      [operationId],
    );
    return rows.map((row) => row.case_id);
  }

  /** Every event of one aggregate, in log order. */
  aggregateTimeline(aggregate: string, aggregateId: string): Promise<TimelineEntry[]> {
    return this.timeline('aggregate = $1 AND aggregate_id = $2', [aggregate, aggregateId]);
  }

  private async withBreakdown(
    where: string,
    params: unknown[],
    period: Period,
  ): Promise<FiguresOverTime & { breakdown: NationalityBreakdown }> {
    const [figures, breakdown] = await Promise.all([
      this.figures('province_daily', where, params, period),
      this.breakdown(where, params, period),
    ]);
    return { ...figures, breakdown };
  }

  private async figures(
    table: string,
    where: string,
    params: unknown[],
    period: Period,
  ): Promise<FiguresOverTime> {
    const from = `FROM ${this.schema}.${table}
      WHERE ($1::date IS NULL OR day >= $1::date) AND ($2::date IS NULL OR day <= $2::date) AND ${where}`;
    const values = [period.from ?? null, period.to ?? null, ...params];
    const totals = await this.sql.query<Record<string, unknown>>(`SELECT ${sums(COUNTERS)} ${from}`, values);
    const result: FiguresOverTime = { totals: toNumbers(totals.rows[0] ?? {}, COUNTERS) };
    if (period.groupBy) {
      const bucket = `to_char(date_trunc('${period.groupBy}', day), '${FORMAT[period.groupBy]}')`;
      const series = await this.sql.query<Record<string, unknown>>(
        `SELECT ${bucket} AS period, ${sums(COUNTERS)} ${from} GROUP BY 1 ORDER BY 1`,
        values,
      );
      result.series = series.rows.map((row) => ({ period: String(row.period), ...toNumbers(row, COUNTERS) }));
    }
    return result;
  }

  private async breakdown(where: string, params: unknown[], period: Period): Promise<NationalityBreakdown> {
    const { rows } = await this.sql.query<Record<string, unknown>>(
      `SELECT nationality, sex, ${sums(NATIONALITY_COUNTERS)}
       FROM ${this.schema}.province_nationality_daily
       WHERE ($1::date IS NULL OR day >= $1::date) AND ($2::date IS NULL OR day <= $2::date) AND ${where}
       GROUP BY nationality, sex ORDER BY nationality, sex`,
      [period.from ?? null, period.to ?? null, ...params],
    );
    const byNationality = rows.map((row) => ({
      nationality: String(row.nationality),
      sex: String(row.sex),
      ...toNumbers(row, NATIONALITY_COUNTERS),
    }));
    const women = Object.fromEntries(
      NATIONALITY_COUNTERS.map((c) => [
        c,
        byNationality.filter((r) => r.sex === 'female').reduce((n, r) => n + r[c], 0),
      ]),
    ) as NationalityFigures;
    const present = byNationality.filter((r) => NATIONALITY_COUNTERS.some((c) => r[c] > 0));
    return { nationalities: new Set(present.map((r) => r.nationality)).size, women, byNationality };
  }

  private async timeline(where: string, params: unknown[]): Promise<TimelineEntry[]> {
    const { rows } = await this.sql.query<Record<string, unknown>>(
      `SELECT position, stream_id, aggregate, aggregate_id, operation_id, type, agency_id, user_id, role,
              occurred_at, recorded_at, summary
       FROM ${this.schema}.timeline WHERE ${where} ORDER BY position`,
      params,
    );
    return rows.map((row) => ({
      position: String(row.position),
      streamId: String(row.stream_id),
      aggregate: String(row.aggregate),
      aggregateId: String(row.aggregate_id),
      operationId: (row.operation_id as string | null) ?? null,
      type: String(row.type),
      recordedBy: {
        agencyId: (row.agency_id as string | null) ?? null,
        userId: (row.user_id as string | null) ?? null,
        role: (row.role as string | null) ?? null,
      },
      occurredAt: row.occurred_at instanceof Date ? row.occurred_at.toISOString() : null,
      recordedAt: row.recorded_at instanceof Date ? row.recorded_at.toISOString() : String(row.recorded_at),
      summary: row.summary,
    }));
  }
}
