import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import {
  SEPT_23_DEPORTATION_ID,
  september2022Streams,
  SIHANOUKVILLE_2022_REPORTED,
  SIHANOUKVILLE_OPERATION_ID,
  SIHANOUKVILLE_RAID_1,
  SIHANOUKVILLE_RAID_2,
  SIHANOUKVILLE_TRAFFICKING_CASE_ID,
} from '@ledger/domain/fixtures';
import { ledgerBackends, type RunningLedger, startLedger } from '../support/ledger-app.js';
import { replay, september2022Steps } from '../support/command-routes.js';

const STEPS = september2022Steps();

type Group = { nationality: string; sex: string; count: number };
const total = (groups: Group[]) => groups.reduce((sum, g) => sum + g.count, 0);
const nationalities = (groups: Group[]) => new Set(groups.map((g) => g.nationality)).size;

describe.each(await ledgerBackends())(
  'the Sihanoukville operation of September 2022 through HTTP ($name)',
  (backend) => {
    let ledger: RunningLedger;
    const positions: bigint[] = [];

    beforeAll(async () => {
      ledger = await startLedger(backend);
      positions.push(...(await replay(ledger, STEPS)).map(BigInt));
    });
    afterAll(() => ledger?.close());

    it('answers every command with a global position that only grows', () => {
      expect(positions).toHaveLength(STEPS.length);
      for (let i = 1; i < positions.length; i++) expect(positions[i]! > positions[i - 1]!).toBe(true);
    });

    it('stores exactly the events the pure deciders produce for the same commands', async () => {
      // An auditor reads everything, restricted entries included; persons have no history route.
      const auditor = await ledger.token('ncct', 'auditor');
      for (const [streamId, expected] of september2022Streams()) {
        const dash = streamId.indexOf('-');
        const collection = {
          operation: 'operations',
          case: 'cases',
          deportation: 'deportations',
          rescue: 'rescue-requests',
        }[streamId.slice(0, dash)];
        let events: { type: string; data: unknown }[];
        if (collection === undefined) {
          events = await ledger.store.readStream(streamId);
        } else {
          const answer = await ledger.request('GET', `/${collection}/${streamId.slice(dash + 1)}/events`, {
            token: auditor,
          });
          expect(answer.status).toBe(200);
          events = answer.body.events;
        }
        expect(events.map((e) => ({ type: e.type, data: e.data }))).toEqual(
          expected.map((e) => ({ type: e.type, data: JSON.parse(JSON.stringify(e.data)) })),
        );
      }
    });

    it('reports the first raid as published: 469 foreigners of 10 nationalities in 8 buildings, 168 and 236 undocumented, 118 million riel', async () => {
      const { body, headers } = await ledger.request('GET', `/operations/${SIHANOUKVILLE_OPERATION_ID}`, {
        token: await ledger.token('csd', 'analyst'),
      });
      const raid = body.state.raids[SIHANOUKVILLE_RAID_1];
      const reported = SIHANOUKVILLE_2022_REPORTED.raid1;
      expect(raid.premisesInspected).toBe(reported.buildingsInspected);
      expect(total(raid.screened)).toBe(reported.foreignersScreened);
      expect(nationalities(raid.screened)).toBe(reported.nationalities);
      expect(raid.withoutValidPassport).toBe(reported.withoutValidPassport);
      expect(raid.withoutWorkPermit).toBe(reported.withoutWorkPermit);
      expect(body.state.finesTotalRiel).toBe(reported.finesRiel);
      expect(body.state.offences).toEqual(expect.arrayContaining([...SIHANOUKVILLE_2022_REPORTED.offences]));
      expect(headers.get('etag')).toBe(`"${body.revision}"`);
    });

    it('reports the second raid: 414 foreigners of 5 nationalities at Galaxy World, Commune IV', async () => {
      const { body } = await ledger.request('GET', `/operations/${SIHANOUKVILLE_OPERATION_ID}`, {
        token: await ledger.token('csd', 'analyst'),
      });
      const raid = body.state.raids[SIHANOUKVILLE_RAID_2];
      expect(raid.location).toMatchObject({ premises: 'Galaxy World', commune: 'Commune IV' });
      expect(total(raid.screened)).toBe(414);
      expect(nationalities(raid.screened)).toBe(5);
    });

    it('reports the deportations of 23 September: 230 foreigners, 50 women, 228 Vietnamese and 2 Chinese, via two checkpoints', async () => {
      const { body } = await ledger.request('GET', `/deportations/${SEPT_23_DEPORTATION_ID}`, {
        token: await ledger.token('gdi', 'auditor'),
      });
      const persons = Object.values(body.state.persons) as {
        nationality: string;
        sex: string;
        deported?: { checkpoint: string; executedOn: string };
      }[];
      const reported = SIHANOUKVILLE_2022_REPORTED.deportationsSept23;
      expect(body.state.status).toBe('executed');
      expect(persons.filter((p) => p.deported?.executedOn === '2022-09-23')).toHaveLength(reported.persons);
      expect(persons.filter((p) => p.sex === 'female')).toHaveLength(reported.women);
      expect(persons.filter((p) => p.nationality === 'VNM')).toHaveLength(reported.byNationality.VNM);
      expect(persons.filter((p) => p.nationality === 'CHN')).toHaveLength(reported.byNationality.CHN);
      expect(new Set(persons.map((p) => p.deported?.checkpoint))).toEqual(new Set(reported.checkpoints));
    });

    it('keeps who recorded each event of a case, and when', async () => {
      const { body } = await ledger.request('GET', `/cases/${SIHANOUKVILLE_TRAFFICKING_CASE_ID}/events`, {
        token: await ledger.token('prosecutor-kh-18', 'auditor'),
      });
      expect(body.events.length).toBeGreaterThan(0);
      for (const event of body.events) {
        expect(event.metadata).toMatchObject({
          actor: { agencyId: expect.any(String), role: 'officer', userId: expect.any(String) },
          correlationId: expect.any(String),
          causationId: expect.any(String),
          occurredAt: event.data.occurredAt,
          recordedAt: expect.stringMatching(/^\d{4}-\d{2}-\d{2}T/),
        });
        expect(event.eventId).toMatch(
          /^[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/,
        );
      }
    });
  },
);
