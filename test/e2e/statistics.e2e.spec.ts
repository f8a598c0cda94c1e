import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { SIHANOUKVILLE_OPERATION_ID } from '@ledger/domain/fixtures';
import { ledgerBackends, type RunningLedger, startLedger } from '../support/ledger-app.js';
import { replay, september2022Steps } from '../support/command-routes.js';

const STEPS = september2022Steps(0);

describe.each(await ledgerBackends())('statistics read models through HTTP ($name)', (backend) => {
  let ledger: RunningLedger;
  let analyst: string;
  let lastPosition = '0';

  beforeAll(async () => {
    ledger = await startLedger(backend);
    analyst = await ledger.token('ncct', 'analyst');
    lastPosition = (await replay(ledger, STEPS)).at(-1)!;
  });
  afterAll(() => ledger?.close());

  const get = (path: string) => ledger.request('GET', path, { token: analyst });

  it('reports the first Preah Sihanouk raid day as published: 469 foreigners of 10 nationalities in 8 buildings, 168, 236, 118 million riel', async () => {
    const answer = await get(
      `/statistics/provinces/KH-18?from=2022-09-19&to=2022-09-20&minPosition=${lastPosition}`,
    );
    expect(answer.status).toBe(200);
    expect(answer.headers.get('ledger-consistency')).toBe('current');
    const { totals, breakdown } = answer.body;
    expect(totals).toMatchObject({
      raids: 1,
      premises_inspected: 8,
      foreigners_screened: 469,
      without_passport: 168,
      without_work_permit: 236,
      fines_riel: 118_000_000,
    });
    expect(breakdown.nationalities).toBe(10);
  });

  it('reports the second raid: 414 foreigners of 5 nationalities', async () => {
    const { body } = await get(
      `/statistics/provinces/KH-18?from=2022-09-21&to=2022-09-21&minPosition=${lastPosition}`,
    );
    expect(body.totals).toMatchObject({ raids: 1, foreigners_screened: 414 });
    expect(body.breakdown.nationalities).toBe(5);
  });

  it('reports the deportations of 23 September nationally: 230 persons, 50 women, 228 Vietnamese and 2 Chinese', async () => {
    const { body } = await get(
      `/statistics/national?from=2022-09-23&to=2022-09-23&minPosition=${lastPosition}`,
    );
    expect(body.totals).toMatchObject({
      persons_deported: 230,
      women_deported: 50,
      deportations_executed: 1,
    });
    const deported = (nationality: string) =>
      body.breakdown.byNationality
        .filter((row: { nationality: string }) => row.nationality === nationality)
        .reduce((sum: number, row: { deported: number }) => sum + row.deported, 0);
    expect([deported('VNM'), deported('CHN')]).toEqual([228, 2]);
  });

  it('groups by month and keeps the national totals equal to the sum of provinces', async () => {
    const national = await get(`/statistics/national?groupBy=month&minPosition=${lastPosition}`);
    expect(national.body.series.map((s: { period: string }) => s.period)).toEqual(['2022-09']);
    const provinces = await Promise.all(
      ['KH-18', 'KH-12'].map((code) => get(`/statistics/provinces/${code}`)),
    );
    const sum = (counter: string) => provinces.reduce((n, p) => n + p.body.totals[counter], 0);
    for (const counter of ['foreigners_screened', 'suspects_detained', 'persons_deported', 'fines_riel']) {
      expect([counter, national.body.totals[counter]]).toEqual([counter, sum(counter)]);
    }
  });

  it('keeps what an agency led apart from what it joined', async () => {
    const lead = await get(`/statistics/agencies/admin-kh-18?minPosition=${lastPosition}`);
    const police = await get(`/statistics/agencies/police-kh-18?minPosition=${lastPosition}`);
    expect(lead.body.figures.led.totals.foreigners_screened).toBe(469 + 414);
    expect(lead.body.figures.joined.totals.foreigners_screened).toBe(0);
    expect(police.body.figures.joined.totals.foreigners_screened).toBe(469 + 414);
    expect(police.body.figures.led.totals.foreigners_screened).toBe(0);
  });

  it('lists everything recorded about the operation, in order, with who recorded it', async () => {
    const { body } = await get(
      `/operations/${SIHANOUKVILLE_OPERATION_ID}/timeline?minPosition=${lastPosition}`,
    );
    const positions = body.entries.map((e: { position: string }) => BigInt(e.position));
    expect(positions).toEqual([...positions].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0)));
    expect(body.entries[0]).toMatchObject({
      type: 'JointOperationPlanned',
      recordedBy: { agencyId: 'admin-kh-18' },
    });
    expect(new Set(body.entries.map((e: { aggregate: string }) => e.aggregate))).toEqual(
      new Set(['operation', 'case']),
    );
  });

  it('answers 404 for an unknown province, agency or operation, and 400 for a malformed period', async () => {
    expect((await get('/statistics/provinces/KH-99')).status).toBe(404);
    expect((await get('/statistics/agencies/no-such-agency')).status).toBe(404);
    expect((await get('/operations/never-recorded/timeline')).status).toBe(404);
    const malformed = await get('/statistics/national?from=2022-13-01');
    expect(malformed.status).toBe(400);
    expect(malformed.body.errors[0].field).toBe('from');
    const reversed = await get('/statistics/national?from=2022-09-30&to=2022-09-01');
    expect(reversed.status).toBe(400);
    expect((await get('/statistics/national?groupBy=week')).status).toBe(400);
    expect((await get('/statistics/national?minPosition=-1')).status).toBe(400);
  });

  it('says plainly when the figures do not yet include the position asked for', async () => {
    const far = (BigInt(lastPosition) * 1000n).toString();
    const answer = await ledger.request('GET', `/statistics/national?minPosition=${far}`, { token: analyst });
    expect(answer.status).toBe(200);
    expect(answer.headers.get('ledger-consistency')).toBe('stale');
    expect(answer.body.consistency).toMatchObject({ caughtUp: false, minPosition: far });
  });

  it('rebuilds into new tables on an admin request and switches over with the same figures', async () => {
    const before = await get(`/statistics/national?minPosition=${lastPosition}`);
    const refused = await ledger.request('POST', '/admin/projections/statistics/rebuild', { token: analyst });
    expect(refused.status).toBe(403);
    const admin = await ledger.token('ncct', 'admin');
    const started = await ledger.request('POST', '/admin/projections/statistics/rebuild', { token: admin });
    expect(started.status).toBe(202);
    let state: { generation: number; status: string } | undefined;
    for (let i = 0; i < 100; i++) {
      state = (await ledger.request('GET', '/admin/projections', { token: admin })).body[0];
      if (state!.generation > started.body.fromGeneration && state!.status === 'running') break;
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    expect(state).toMatchObject({ generation: started.body.fromGeneration + 1, status: 'running' });
    const after = await get('/statistics/national');
    expect(after.body.totals).toEqual(before.body.totals);
    expect(after.body.breakdown).toEqual(before.body.breakdown);
  });
});
