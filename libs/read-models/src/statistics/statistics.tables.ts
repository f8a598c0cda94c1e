import type { TableDdl } from '../projector/projection.js';

/**
 * Counters of `province_daily` and `agency_daily`, in column order. Other code queries these
 * tables by these names.
 */
export const COUNTERS = [
  'operations_planned',
  'raids',
  'premises_inspected',
  'persons_screened',
  'foreigners_screened',
  'screened_female',
  'without_passport',
  'without_work_permit',
  'suspects_detained',
  'foreign_suspects_detained',
  'minor_suspects_detained',
  'victims',
  'minor_victims',
  'female_victims',
  'victims_rescued',
  'fines_imposed',
  'fines_riel',
  'cases_opened',
  'trafficking_cases_opened',
  'trafficking_victims',
  'trafficking_minor_victims',
  'cases_sent_to_court',
  'suspects_sent_to_court',
  'foreigners_sent_to_court',
  'trafficking_suspects_sent_to_court',
  'trafficking_foreigners_sent_to_court',
  'cases_dismissed',
  'deportations_ordered',
  'deportations_executed',
  'persons_deported',
  'women_deported',
  'rescue_requests_received',
  'rescue_persons_requested',
  'rescue_requests_investigated',
  'rescue_victims_found',
  'rescue_perpetrators_arrested',
  'rescue_victims_handed_over',
] as const;
export type Counter = (typeof COUNTERS)[number];

/** Counters of `province_nationality_daily`, in column order. */
export const NATIONALITY_COUNTERS = ['screened', 'detained', 'victims', 'minor_victims', 'deported'] as const;
export type NationalityCounter = (typeof NATIONALITY_COUNTERS)[number];

export const AGENCY_CAPACITIES = ['led', 'joined', 'own'] as const;
/** led / joined: facts of an operation the agency led or took part in; own: its cases, deportations, requests. */
export type AgencyCapacity = (typeof AGENCY_CAPACITIES)[number];

export type StatisticsTable =
  | 'operation_facts'
  | 'raid_facts'
  | 'case_facts'
  | 'deportation_facts'
  | 'rescue_request_facts'
  | 'province_daily'
  | 'province_nationality_daily'
  | 'agency_daily'
  | 'timeline';

const counterColumns = (counters: readonly string[]) =>
  counters.map((c) => `${c} bigint NOT NULL DEFAULT 0`).join(',\n  ');

/**
 * `day` is the calendar date in Cambodia (UTC+7) of the fact. The *_facts tables are lookups:
 * they let a later event (a fine, a court referral, an execution) be attributed to the province
 * and agencies of the operation, case or request it belongs to.
 */
export const STATISTICS_TABLES: { readonly [K in StatisticsTable]: TableDdl } = {
  operation_facts: (t) => [
    `CREATE TABLE ${t} (
      operation_id text PRIMARY KEY,
      province_code text NOT NULL,
      lead_agency_id text NOT NULL,
      participants text[] NOT NULL
    )`,
  ],
  raid_facts: (t) => [
    `CREATE TABLE ${t} (
      operation_id text NOT NULL,
      raid_id text NOT NULL,
      province_code text NOT NULL,
      PRIMARY KEY (operation_id, raid_id)
    )`,
  ],
  case_facts: (t) => [
    `CREATE TABLE ${t} (
      case_id text PRIMARY KEY,
      operation_id text NOT NULL,
      province_code text NOT NULL,
      opened_by text NOT NULL,
      trafficking boolean NOT NULL
    )`,
  ],
  deportation_facts: (t) => [
    `CREATE TABLE ${t} (
      deportation_id text PRIMARY KEY,
      operation_id text NOT NULL,
      province_code text NOT NULL,
      ordered_by text NOT NULL,
      persons_ordered int NOT NULL,
      persons_deported int NOT NULL
    )`,
  ],
  rescue_request_facts: (t) => [
    `CREATE TABLE ${t} (
      request_id text PRIMARY KEY,
      province_code text NOT NULL,
      received_by text NOT NULL,
      investigated boolean NOT NULL
    )`,
  ],
  province_daily: (t) => [
    `CREATE TABLE ${t} (
      province_code text NOT NULL,
      day date NOT NULL,
      ${counterColumns(COUNTERS)},
      PRIMARY KEY (province_code, day)
    )`,
  ],
  province_nationality_daily: (t) => [
    `CREATE TABLE ${t} (
      province_code text NOT NULL,
      day date NOT NULL,
      nationality text NOT NULL,
      sex text NOT NULL,
      ${counterColumns(NATIONALITY_COUNTERS)},
      PRIMARY KEY (province_code, day, nationality, sex)
    )`,
  ],
  agency_daily: (t) => [
    `CREATE TABLE ${t} (
      agency_id text NOT NULL,
      day date NOT NULL,
      capacity text NOT NULL CHECK (capacity IN (${AGENCY_CAPACITIES.map((c) => `'${c}'`).join(', ')})),
      ${counterColumns(COUNTERS)},
      PRIMARY KEY (agency_id, day, capacity)
    )`,
  ],
  // Ordered by position within an operation or an aggregate: the case timeline is one index scan.
  // The summary is only ever shown, never searched: json, which the server stores as it comes, costs a
  // rebuild a third less of the server's time per row than jsonb, which it takes apart.
  timeline: (t) => [
    `CREATE TABLE ${t} (
      stream_id text NOT NULL,
      position bigint PRIMARY KEY,
      aggregate text NOT NULL,
      aggregate_id text NOT NULL,
      operation_id text,
      type text NOT NULL,
      agency_id text,
      user_id text,
      role text,
      occurred_at timestamptz,
      recorded_at timestamptz NOT NULL,
      summary json NOT NULL
    )`,
    `CREATE INDEX ON ${t} (operation_id, position)`,
    `CREATE INDEX ON ${t} (aggregate, aggregate_id, position)`,
  ],
};
