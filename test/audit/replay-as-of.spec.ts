/**
 * `replay --as-of` on the Sihanoukville operation of September 2022: the figures as they stood
 * before and after the second raid, in business time and in recorded time, rebuilt in a schema
 * of their own while the live read models stay as they are.
 */
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { LedgerEvent } from '@ledger/domain';
import {
  september2022Streams,
  SIHANOUKVILLE_2022_REPORTED,
  SIHANOUKVILLE_RAID_2,
} from '@ledger/domain/fixtures';
import type { RecordedEvent } from '@ledger/event-store';
import type { Figures, Projector } from '@ledger/read-models';
import {
  asOfFilter,
  businessTimeOf,
  formatReplaySummary,
  readStatisticsSummary,
  replayAsOf,
  writeReplaySummary,
  type ReplayAsOfOptions,
  type ReplaySummary,
  type ReplayTime,
  type StatisticsSummary,
} from '../../apps/auditor/src/replay/index.js';
import { visibleLog } from '../support/ledger-records.js';
import { toEventData } from '../../libs/read-models/src/statistics/september-2022.spec-helper.js';
import {
  append,
  caughtUp,
  describeOnDatabases,
  projectorOn,
  readModels,
  sleep,
  type ReadModels,
} from '../read-models/support.js';

/** Every event of the September 2022 fixtures, in the order things happened in the field. */
function chronologicalHistory(): { streamId: string; event: LedgerEvent }[] {
  return [...september2022Streams()]
    .flatMap(([streamId, events]) => events.map((event) => ({ streamId, event })))
    .sort((a, b) => businessTimeOf(a.event) - businessTimeOf(b.event));
}

const isSecondRaid = (event: LedgerEvent) =>
  event.type === 'RaidConducted' && event.data.raidId === SIHANOUKVILLE_RAID_2;

const BETWEEN_THE_RAIDS = new Date('2022-09-21T08:00:00+07:00');
const AFTER_THE_SECOND_RAID = new Date('2022-09-21T10:00:00+07:00');

const pick = (figures: Figures | undefined, names: (keyof Figures)[]) =>
  Object.fromEntries(names.map((name) => [name, figures?.[name]]));

const RAID_FIGURES: (keyof Figures)[] = [
  'raids',
  'premises_inspected',
  'persons_screened',
  'foreigners_screened',
  'without_passport',
  'without_work_permit',
  'suspects_detained',
  'foreign_suspects_detained',
  'victims',
  'minor_victims',
  'fines_riel',
  'cases_opened',
  'persons_deported',
];

const province = (summary: StatisticsSummary, code: string) =>
  summary.provinces.find((p) => p.provinceCode === code);
const agency = (summary: StatisticsSummary, id: string) => summary.agencies.find((a) => a.agencyId === id);
/** The read models' figures, without what says when and where the replay ran. */
const statisticsOf = ({ national, provinces, agencies }: StatisticsSummary): StatisticsSummary => ({
  national,
  provinces,
  agencies,
});

/** Preah Sihanouk after the first raid: the figures the press reported for Jing Chhay. */
const FIRST_RAID = {
  raids: 1,
  premises_inspected: SIHANOUKVILLE_2022_REPORTED.raid1.buildingsInspected,
  persons_screened: 469,
  foreigners_screened: SIHANOUKVILLE_2022_REPORTED.raid1.foreignersScreened,
  without_passport: 168,
  without_work_permit: 236,
  suspects_detained: 12,
  foreign_suspects_detained: 12,
  victims: 20,
  minor_victims: 3,
  fines_riel: SIHANOUKVILLE_2022_REPORTED.raid1.finesRiel,
  cases_opened: 0,
  persons_deported: 0,
};
/** …and with Galaxy World's 414 foreigners of five nationalities added. */
const SECOND_RAID = {
  ...FIRST_RAID,
  raids: 2,
  premises_inspected: 9,
  persons_screened: 883,
  foreigners_screened: 883,
};

describe('the moment of an event in business time', () => {
  // What the filter reads of a recorded event; the rest of the envelope does not matter here.
  const recorded = (event: LedgerEvent, createdAt = new Date('2022-09-30T00:00:00Z')) =>
    ({
      ...toEventData(event),
      streamId: 'deportation-x',
      revision: 0,
      position: 1n,
      createdAt,
    }) as RecordedEvent;
  const execution = (executedOn: string, occurredAt: string): LedgerEvent => ({
    type: 'DeportationExecuted',
    schemaVersion: 1,
    data: {
      deportationId: 'x',
      executedOn,
      checkpoint: 'pnh-airport',
      persons: ['p'],
      byNationality: [{ nationality: 'VNM', sex: 'male', count: 1 }],
      occurredAt: new Date(occurredAt).toISOString(),
    },
  });

  it('counts an execution of a deportation on the day the persons left, at its time when on that day', () => {
    expect(businessTimeOf(execution('2022-09-23', '2022-09-23T11:00:00+07:00'))).toBe(
      Date.parse('2022-09-23T11:00:00+07:00'),
    );
    // Recorded with an occurredAt of another day: the day counts from its start in Cambodia.
    expect(businessTimeOf(execution('2022-09-23', '2022-09-25T11:00:00+07:00'))).toBe(
      Date.parse('2022-09-23T00:00:00+07:00'),
    );
  });

  it('keeps an event by its business time or by when the store committed it', () => {
    const event = recorded(execution('2022-09-23', '2022-09-23T11:00:00+07:00'));
    expect(asOfFilter(new Date('2022-09-23T10:59:59+07:00'), 'business')(event)).toBe(false);
    expect(asOfFilter(new Date('2022-09-23T11:00:00+07:00'), 'business')(event)).toBe(true);
    expect(asOfFilter(new Date('2022-09-29T23:59:59Z'), 'recorded')(event)).toBe(false);
    expect(asOfFilter(new Date('2022-09-30T00:00:00Z'), 'recorded')(event)).toBe(true);
    expect(asOfFilter(new Date('2030-01-01'), 'recorded')({ ...event, type: 'SomethingElse' })).toBe(false);
  });

  it('refuses an invalid moment or an unknown kind of time', () => {
    expect(() => asOfFilter(new Date('not a date'), 'business')).toThrow('asOf must be a valid date');
    expect(() => asOfFilter(new Date(), 'wall-clock' as 'business')).toThrow(
      'time must be one of recorded, business',
    );
  });
});

describeOnDatabases('replay --as-of on the Sihanoukville operation of September 2022', (db) => {
  let liveSchema: string;
  let live: StatisticsSummary;
  let liveRows: ReadModels;
  let projector: Projector;
  /** The last moment the store recorded anything before the second raid was recorded. */
  let recordedBeforeSecondRaid: Date;

  const replay = (asOf: Date, time: ReplayTime, extra: Partial<ReplayAsOfOptions> = {}) =>
    replayAsOf({ sql: db().sql, store: db().store, asOf, time, targetSchema: db().newSchema(), ...extra });

  beforeAll(async () => {
    const { store } = db();
    const history = chronologicalHistory();
    const second = history.findIndex(({ event }) => isSecondRaid(event));
    // Recorded in two phases: everything that happened before the second raid, then the rest.
    for (const { streamId, event } of history.slice(0, second)) {
      await append(store, streamId, [toEventData(event)]);
    }
    const firstPhase = await visibleLog(store, (events) => events.length >= second);
    expect(firstPhase).toHaveLength(second);
    recordedBeforeSecondRaid = new Date(Math.max(...firstPhase.map((e) => e.createdAt.getTime())));
    // createdAt comes from the database's clock, at millisecond precision here: leave a gap.
    await sleep(50);
    for (const { streamId, event } of history.slice(second)) {
      await append(store, streamId, [toEventData(event)]);
    }

    liveSchema = db().newSchema();
    projector = await projectorOn(db(), liveSchema);
    projector.start();
    await caughtUp(db(), projector);
    await projector.stop();
    live = await readStatisticsSummary(db().sql, liveSchema);
    liveRows = await readModels(db().sql, liveSchema);
  });
  afterAll(() => projector?.stop());

  describe('in business time', () => {
    let before: ReplaySummary;
    let after: ReplaySummary;
    beforeAll(async () => {
      before = await replay(BETWEEN_THE_RAIDS, 'business');
      after = await replay(AFTER_THE_SECOND_RAID, 'business');
    });

    it('gives Preah Sihanouk as it stood before the second raid: 469 foreigners of 10 nationalities in 8 buildings', () => {
      const kh18 = province(before, 'KH-18');
      expect(pick(kh18?.totals, RAID_FIGURES)).toEqual(FIRST_RAID);
      expect(kh18?.breakdown.nationalities).toBe(SIHANOUKVILLE_2022_REPORTED.raid1.nationalities);
      expect(before.events.replayed).toBe(
        chronologicalHistory().findIndex(({ event }) => isSecondRaid(event)),
      );
    });

    it('gives Preah Sihanouk after the second raid: 883 screened in two raids, the fines unchanged', () => {
      const kh18 = province(after, 'KH-18');
      expect(pick(kh18?.totals, RAID_FIGURES)).toEqual(SECOND_RAID);
      expect(kh18?.breakdown.nationalities).toBe(10);
      expect(after.events.replayed).toBe(before.events.replayed + 1);
    });

    it('keeps national figures and the agencies that led apart from those that joined', () => {
      // The GDI sweep in Phnom Penh (230 screened, 120 without passports) happened before both.
      expect(pick(before.national.totals, ['raids', 'persons_screened', 'without_passport'])).toEqual({
        raids: 2,
        persons_screened: 469 + 230,
        without_passport: 168 + 120,
      });
      expect(pick(after.national.totals, ['raids', 'persons_screened'])).toEqual({
        raids: 3,
        persons_screened: 883 + 230,
      });
      expect(pick(agency(before, 'admin-kh-18')?.led, ['raids', 'persons_screened'])).toEqual({
        raids: 1,
        persons_screened: 469,
      });
      expect(pick(agency(after, 'gdi')?.led, ['raids', 'persons_screened'])).toEqual({
        raids: 1,
        persons_screened: 230,
      });
      expect(pick(agency(after, 'gdi')?.joined, ['raids', 'persons_screened', 'fines_riel'])).toEqual({
        raids: 2,
        persons_screened: 883,
        fines_riel: 118_000_000,
      });
    });

    it('counts a deportation on the day the persons left: 2 at noon on 23 September, 230 by the evening', async () => {
      const noon = await replay(new Date('2022-09-23T12:00:00+07:00'), 'business');
      const evening = await replay(new Date('2022-09-23T20:00:00+07:00'), 'business');
      const deported = (s: StatisticsSummary) =>
        pick(s.national.totals, ['deportations_executed', 'persons_deported', 'women_deported']);
      expect(deported(noon)).toEqual({ deportations_executed: 0, persons_deported: 2, women_deported: 0 });
      expect(deported(evening)).toEqual({
        deportations_executed: 1,
        persons_deported: 230,
        women_deported: 50,
      });
    });

    it('gives what the live read models say once every event has happened', async () => {
      const now = await replay(new Date(), 'business');
      expect(statisticsOf(now)).toEqual(live);
    });
  });

  describe('in recorded time', () => {
    it('gives what the ledger said before the second raid was recorded, and what it says now', async () => {
      const before = await replay(recordedBeforeSecondRaid, 'recorded');
      expect(pick(province(before, 'KH-18')?.totals, RAID_FIGURES)).toEqual(FIRST_RAID);
      const business = await replay(BETWEEN_THE_RAIDS, 'business');
      expect(statisticsOf(before)).toEqual(statisticsOf(business));

      const after = await replay(new Date(recordedBeforeSecondRaid.getTime() + 20), 'recorded');
      expect(after.events.replayed).toBe(before.events.replayed);
      const now = await replay(new Date(), 'recorded');
      expect(pick(province(now, 'KH-18')?.totals, ['raids', 'persons_screened'])).toEqual({
        raids: 2,
        persons_screened: 883,
      });
      expect(statisticsOf(now)).toEqual(live);
    });
  });

  describe('the replay schema', () => {
    it('is a schema of its own, and the live read models stay as they were', async () => {
      const summary = await replay(BETWEEN_THE_RAIDS, 'business');
      expect(summary.schema).not.toBe(liveSchema);
      expect(summary.schemaKept).toBe(true);
      const { rows } = await db().sql.query<{ raids: bigint }>(
        `SELECT sum(raids)::bigint AS raids FROM "${summary.schema}".province_daily WHERE province_code = 'KH-18'`,
      );
      expect(rows[0]?.raids).toBe(1n);
      expect(await readModels(db().sql, liveSchema)).toEqual(liveRows);
      expect(await readStatisticsSummary(db().sql, liveSchema)).toEqual(live);
    });

    it('is named after the moment by default, and dropped when not kept', async () => {
      const progress: [number, number][] = [];
      const summary = await replayAsOf({
        sql: db().sql,
        store: db().store,
        asOf: AFTER_THE_SECOND_RAID,
        time: 'business',
        keepSchema: false,
        onProgress: (done, total) => progress.push([done, total]),
      });
      expect(summary.schema).toMatch(/^replay_business_20220921t030000z_[0-9a-f]{6}$/);
      expect(summary.schemaKept).toBe(false);
      const { rows } = await db().sql.query('SELECT 1 FROM pg_namespace WHERE nspname = $1', [
        summary.schema,
      ]);
      expect(rows).toHaveLength(0);
      // The whole log is read (events recorded late may have happened before the moment).
      const inLog = (await db().store.readAll()).length;
      expect(summary.events.read).toBe(inLog);
      expect(progress.at(-1)).toEqual([inLog, inLog]);
      for (const [done, total] of progress) expect(done).toBeLessThanOrEqual(total);
    });

    it('gives zero figures as of a moment before any event', async () => {
      const summary = await replay(new Date('2022-01-01T00:00:00Z'), 'business');
      expect(summary.events).toMatchObject({ replayed: 0, lastReplayedPosition: null });
      expect(Object.values(summary.national.totals).every((n) => n === 0)).toBe(true);
      expect(summary.national.breakdown.nationalities).toBe(0);
      expect(summary.provinces).toEqual([]);
      expect(summary.agencies).toEqual([]);
      const recorded = await replay(new Date('2000-01-01T00:00:00Z'), 'recorded');
      expect(statisticsOf(recorded)).toEqual(statisticsOf(summary));
    });

    it('refuses a schema name that is not a plain identifier, or one that exists, and touches nothing', async () => {
      await expect(replay(BETWEEN_THE_RAIDS, 'business', { targetSchema: 'Replay; DROP' })).rejects.toThrow(
        /target schema must match .*got "Replay; DROP"/,
      );
      await expect(replay(BETWEEN_THE_RAIDS, 'business', { targetSchema: liveSchema })).rejects.toThrow(
        `target schema "${liveSchema}" already exists`,
      );
      expect(await readModels(db().sql, liveSchema)).toEqual(liveRows);
    });
  });

  describe('the summary', () => {
    let summary: ReplaySummary;
    beforeAll(async () => {
      summary = await replay(BETWEEN_THE_RAIDS, 'business');
    });

    it('is plain JSON, and a file holds it as such', async () => {
      expect(JSON.parse(JSON.stringify(summary))).toEqual(summary);
      const dir = await mkdtemp(join(tmpdir(), 'replay-'));
      try {
        await writeReplaySummary(join(dir, 'summary.json'), summary);
        expect(JSON.parse(await readFile(join(dir, 'summary.json'), 'utf8'))).toEqual(summary);
        await writeReplaySummary(join(dir, 'summary.txt'), summary, 'text');
        expect(await readFile(join(dir, 'summary.txt'), 'utf8')).toBe(formatReplaySummary(summary));
      } finally {
        await rm(dir, { recursive: true, force: true });
      }
    });

    it('prints as tables a reader can check against the press reports', () => {
      const text = formatReplaySummary(summary);
      expect(text).toContain('Replay as of 2022-09-21T01:00:00.000Z (business time');
      const kh18 = text.split('\n').filter((line) => line.startsWith('Province KH-18'));
      // Operations and screening; detentions, victims and fines; cases and deportations.
      expect(kh18).toHaveLength(3);
      expect(kh18[0]?.split(/\s{2,}/)).toEqual([
        'Province KH-18',
        '1',
        '1',
        '8',
        '469',
        '469',
        '10',
        '120',
        '168',
        '236',
      ]);
      expect(kh18[1]).toMatch(/\b118,000,000$/);
      expect(text).toMatch(/^admin-kh-18 \(led\) /m);
      expect(text).toMatch(/^police-kh-18 \(joined\) /m);
    });
  });
});
