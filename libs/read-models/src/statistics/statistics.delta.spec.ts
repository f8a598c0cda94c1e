import { describe, expect, it } from '@jest/globals';
import fc from 'fast-check';
import {
  GDI_SWEEP_OPERATION_ID,
  SEPT_23_DEPORTATION_ID,
  SIHANOUKVILLE_2022_REPORTED,
  SIHANOUKVILLE_OPERATION_ID,
  SIHANOUKVILLE_PARTICIPANTS,
  SIHANOUKVILLE_TRAFFICKING_CASE_ID,
  RESCUE_REQUESTS_2022_REPORTED,
} from '@ledger/domain/fixtures';
import { parseStreamId, STREAM_CATEGORIES, type StreamCategory } from '@ledger/domain';
import type { RecordedEvent } from '@ledger/event-store';
import { ProjectionEventError } from '../projector/projection.js';
import { september2022Recorded } from './september-2022.spec-helper.js';
import {
  computeStatisticsDelta,
  emptyStatisticsFacts,
  readLedgerEvents,
  UNKNOWN_PROVINCE,
  type StatisticsDelta,
} from './statistics.delta.js';
import { COUNTERS, NATIONALITY_COUNTERS, type Counter } from './statistics.tables.js';

const history = september2022Recorded();
const delta = computeStatisticsDelta(readLedgerEvents(history), emptyStatisticsFacts());

/** Delta rows carry only the counters something added to; the tables hold zeros for the rest. */
const filled = <R extends object>(row: R | undefined, counters: readonly string[]) =>
  row && { ...Object.fromEntries(counters.map((c) => [c, 0])), ...row };
const province = (d: StatisticsDelta, code: string, day: string) =>
  filled(
    [...d.provinceDaily.values()].find((r) => r.province_code === code && r.day === day),
    COUNTERS,
  );
const agency = (d: StatisticsDelta, id: string, day: string, capacity: string) =>
  filled(
    [...d.agencyDaily.values()].find((r) => r.agency_id === id && r.day === day && r.capacity === capacity),
    COUNTERS,
  );
const nationalities = (d: StatisticsDelta, code: string, day: string) =>
  [...d.provinceNationalityDaily.values()]
    .filter((r) => r.province_code === code && r.day === day)
    .map((r) => ({ ...r, screened: r.screened ?? 0, deported: r.deported ?? 0 }));
const total = (d: StatisticsDelta, counter: Counter) =>
  [...d.provinceDaily.values()].reduce((n, r) => n + (r[counter] ?? 0), 0);

describe('statistics of the September 2022 history', () => {
  const raid1 = SIHANOUKVILLE_2022_REPORTED.raid1;

  it('counts the first Preah Sihanouk raid: 469 foreigners of 10 nationalities in 8 buildings, 168 and 236 undocumented', () => {
    expect(province(delta, 'KH-18', '2022-09-19')).toMatchObject({
      raids: 1,
      premises_inspected: raid1.buildingsInspected,
      persons_screened: raid1.foreignersScreened,
      foreigners_screened: 469,
      without_passport: raid1.withoutValidPassport,
      without_work_permit: raid1.withoutWorkPermit,
    });
    const screened = nationalities(delta, 'KH-18', '2022-09-19').filter((r) => r.screened > 0);
    expect(new Set(screened.map((r) => r.nationality)).size).toBe(raid1.nationalities);
    expect(screened.reduce((n, r) => n + r.screened, 0)).toBe(469);
  });

  it('attributes the 118,000,000 riel fine to the province of the raid it was imposed for, on its own day', () => {
    expect(province(delta, 'KH-18', '2022-09-20')).toMatchObject({
      fines_imposed: 1,
      fines_riel: 118_000_000,
    });
    expect(total(delta, 'fines_riel')).toBe(raid1.finesRiel);
  });

  it('counts the second raid: 414 foreigners of 5 nationalities at Galaxy World', () => {
    expect(province(delta, 'KH-18', '2022-09-21')).toMatchObject({ raids: 1, persons_screened: 414 });
    const screened = nationalities(delta, 'KH-18', '2022-09-21').filter((r) => r.screened > 0);
    expect(new Set(screened.map((r) => r.nationality)).size).toBe(5);
  });

  it('counts the 230 deported on 23 September, 50 women, 228 Vietnamese and 2 Chinese, as one completed deportation', () => {
    const reported = SIHANOUKVILLE_2022_REPORTED.deportationsSept23;
    // The persons were detained in the GDI sweep of Phnom Penh, the operation the order refers to.
    expect(province(delta, 'KH-12', '2022-09-22')).toMatchObject({ deportations_ordered: 1 });
    expect(province(delta, 'KH-12', '2022-09-23')).toMatchObject({
      deportations_executed: 1,
      persons_deported: reported.persons,
      women_deported: reported.women,
    });
    const deported = new Map<string, number>();
    for (const r of nationalities(delta, 'KH-12', '2022-09-23')) {
      deported.set(r.nationality, (deported.get(r.nationality) ?? 0) + r.deported);
    }
    expect(Object.fromEntries(deported)).toEqual(reported.byNationality);
    expect(agency(delta, 'gdi', '2022-09-23', 'own')).toMatchObject({
      persons_deported: 230,
      women_deported: 50,
    });
  });

  it('counts detentions and victims of a raid in its province, with foreigners, minors and women among them', () => {
    expect(province(delta, 'KH-18', '2022-09-19')).toMatchObject({
      suspects_detained: 12,
      foreign_suspects_detained: 12,
      minor_suspects_detained: 0,
      victims: 20,
      minor_victims: 3,
      female_victims: 11,
      victims_rescued: 20,
    });
    expect(province(delta, 'KH-12', '2022-09-16')).toMatchObject({
      suspects_detained: 230,
      persons_screened: 230,
    });
  });

  it("gives an operation's facts to its lead as 'led' and to each participant as 'joined', kept apart", () => {
    expect(agency(delta, 'admin-kh-18', '2022-09-18', 'led')).toMatchObject({ operations_planned: 1 });
    expect(agency(delta, 'admin-kh-18', '2022-09-19', 'led')).toMatchObject({ persons_screened: 469 });
    expect(agency(delta, 'admin-kh-18', '2022-09-19', 'joined')).toBeUndefined();
    for (const participant of SIHANOUKVILLE_PARTICIPANTS) {
      expect(agency(delta, participant, '2022-09-18', 'joined')).toMatchObject({ operations_planned: 1 });
      expect(agency(delta, participant, '2022-09-19', 'joined')).toMatchObject({
        persons_screened: 469,
        suspects_detained: 12,
      });
      expect(agency(delta, participant, '2022-09-19', 'led')).toBeUndefined();
    }
  });

  it("counts cases in the operation's province and for the agency that opened them, trafficking apart", () => {
    expect(province(delta, 'KH-18', '2022-09-23')).toMatchObject({
      cases_opened: 2,
      trafficking_cases_opened: 1,
      trafficking_victims: 20,
      trafficking_minor_victims: 3,
    });
    expect(province(delta, 'KH-18', '2022-09-26')).toMatchObject({
      cases_sent_to_court: 1,
      suspects_sent_to_court: 3,
      foreigners_sent_to_court: 3,
      trafficking_suspects_sent_to_court: 3,
      trafficking_foreigners_sent_to_court: 3,
    });
    expect(agency(delta, 'ahtjp-kh-18', '2022-09-23', 'own')).toMatchObject({
      cases_opened: 1,
      trafficking_cases_opened: 1,
    });
    expect(agency(delta, 'ahtjp-kh-18', '2022-09-26', 'own')).toMatchObject({ cases_sent_to_court: 1 });
    expect(agency(delta, 'dacg', '2022-09-23', 'own')).toMatchObject({
      cases_opened: 1,
      trafficking_cases_opened: 0,
    });
  });

  it("counts rescue requests without a province as 'unknown', for the agency that received them", () => {
    const reported = RESCUE_REQUESTS_2022_REPORTED;
    expect(total(delta, 'rescue_requests_received')).toBe(reported.requests);
    expect(total(delta, 'rescue_persons_requested')).toBe(93);
    expect(province(delta, UNKNOWN_PROVINCE, '2022-09-26')).toMatchObject({ rescue_requests_received: 12 });
    expect(agency(delta, 'ahtjp', '2022-09-28', 'own')).toMatchObject({ rescue_requests_received: 10 });
  });

  it('puts every event on the timeline, with who recorded it and the operation a case or deportation belongs to', () => {
    // Persons and the agency register are no part of an operation's or a case's story: off the timeline.
    const offTimeline: readonly (StreamCategory | undefined)[] = [
      STREAM_CATEGORIES.person,
      STREAM_CATEGORIES.agencyRegister,
    ];
    const storyEvents = history.filter((e) => !offTimeline.includes(parseStreamId(e.streamId)?.category));
    expect(storyEvents.length).toBeLessThan(history.length);
    expect(delta.timeline.map((r) => r.position)).toEqual(storyEvents.map((e) => e.position));
    const sentToCourt = delta.timeline.find((r) => r.type === 'CaseSentToCourt');
    expect(sentToCourt).toMatchObject({
      aggregate: 'case',
      aggregate_id: SIHANOUKVILLE_TRAFFICKING_CASE_ID,
      operation_id: SIHANOUKVILLE_OPERATION_ID,
      agency_id: 'admin-kh-18',
      user_id: 'user-admin-kh-18',
      role: 'officer',
      summary: { suspectsSent: 3, foreignersSent: 3 },
    });
    const executions = delta.timeline.filter((r) => r.type === 'DeportationExecuted');
    expect(executions.map((r) => [r.aggregate_id, r.operation_id])).toEqual([
      [SEPT_23_DEPORTATION_ID, GDI_SWEEP_OPERATION_ID],
      [SEPT_23_DEPORTATION_ID, GDI_SWEEP_OPERATION_ID],
    ]);
  });
});

describe('statistics deltas', () => {
  /** Adds deltas up the way the tables do, keyed by each row's identity. */
  function sumDeltas(deltas: readonly StatisticsDelta[]) {
    const tables = { province: new Map<string, number[]>(), nationality: new Map(), agency: new Map() };
    const add = (into: Map<string, number[]>, key: string, values: number[]) => {
      const current = into.get(key) ?? values.map(() => 0);
      into.set(
        key,
        current.map((v, i) => v + (values[i] ?? 0)),
      );
    };
    for (const d of deltas) {
      for (const r of d.provinceDaily.values()) {
        add(
          tables.province,
          `${r.province_code} ${r.day}`,
          COUNTERS.map((c) => r[c] ?? 0),
        );
      }
      for (const r of d.provinceNationalityDaily.values()) {
        add(
          tables.nationality,
          `${r.province_code} ${r.day} ${r.nationality} ${r.sex}`,
          NATIONALITY_COUNTERS.map((c) => r[c] ?? 0),
        );
      }
      for (const r of d.agencyDaily.values()) {
        add(
          tables.agency,
          `${r.agency_id} ${r.day} ${r.capacity}`,
          COUNTERS.map((c) => r[c] ?? 0),
        );
      }
    }
    const sorted = (m: Map<string, number[]>) => [...m].sort(([a], [b]) => a.localeCompare(b));
    return {
      province: sorted(tables.province),
      nationality: sorted(tables.nationality),
      agency: sorted(tables.agency),
      timeline: deltas.flatMap((d) => d.timeline),
    };
  }

  it('add up to the same tables however the log is cut into batches', () => {
    const whole = sumDeltas([delta]);
    fc.assert(
      fc.property(
        fc.uniqueArray(fc.integer({ min: 1, max: history.length - 1 }), { maxLength: 12 }),
        (cuts) => {
          const bounds = [0, ...cuts.sort((a, b) => a - b), history.length];
          // Facts carried from batch to batch, as the stored facts tables carry them.
          const facts = emptyStatisticsFacts();
          const deltas = bounds
            .slice(1)
            .map((end, i) => computeStatisticsDelta(readLedgerEvents(history.slice(bounds[i], end)), facts));
          expect(sumDeltas(deltas)).toEqual(whole);
        },
      ),
      { numRuns: 50 },
    );
  });

  it('leave out events of types the ledger does not know', () => {
    const foreign: RecordedEvent = { ...history[0]!, type: 'SomethingElse', position: 999n };
    expect(readLedgerEvents([foreign])).toEqual([]);
  });

  it('refuse an event of a schema version this release cannot read, naming its position', () => {
    const newer: RecordedEvent = { ...history[0]!, schemaVersion: 99, position: 4242n };
    let error: unknown;
    try {
      readLedgerEvents([newer]);
    } catch (err) {
      error = err;
    }
    expect(error).toBeInstanceOf(ProjectionEventError);
    expect(error).toMatchObject({ position: 4242n, eventType: newer.type });
  });
});
