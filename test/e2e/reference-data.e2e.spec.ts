/**
 * Reference data admins manage: an agency the catalogue lacks is registered, renamed and retired
 * through the API; it is usable at once (tokens, rules, figures) on every replica, and once
 * retired it stays in old records but is named in nothing new.
 */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { ledgerBackends, startLedger, type RunningLedger } from '../support/ledger-app.js';

const MISSION = 'mission-npl';
const AT = '2022-09-25T09:00:00+07:00';

describe.each(await ledgerBackends())('the agency register on $name', (backend) => {
  let ledger: RunningLedger;
  let admin: string;
  const post = async (path: string, body: Record<string, unknown>, token = admin) =>
    ledger.request('POST', path, { token, body });
  const agencies = async () =>
    (await ledger.request('GET', '/reference/agencies', { token: admin })).body as {
      id: string;
      name: string;
      retired: boolean;
    }[];
  const rescueRequest = (requestId: string, fromMissionId: string) => ({
    requestId,
    fromMissionId,
    persons: [{ nationality: 'NPL', count: 3 }],
    provinceCode: 'KH-18',
    occurredAt: AT,
  });

  beforeAll(async () => {
    ledger = await startLedger(backend);
    admin = await ledger.token('national-police', 'admin');
  });
  afterAll(() => ledger?.close());

  it('registers an agency the catalogue lacks; it is listed and usable at once', async () => {
    expect((await agencies()).some((a) => a.id === MISSION)).toBe(false);
    const registered = await post('/reference/agencies', {
      agencyId: MISSION,
      kind: 'foreign-mission',
      name: 'Embassy of Nepal',
      countryCode: 'NPL',
      occurredAt: AT,
    });
    expect(registered.status).toBe(201);
    expect((await agencies()).find((a) => a.id === MISSION)).toMatchObject({
      name: 'Embassy of Nepal',
      retired: false,
    });

    // A token of the new agency signs in, and the rules accept it where a mission belongs.
    const missionAnalyst = await ledger.token(MISSION, 'analyst');
    expect(
      (await ledger.request('GET', `/statistics/agencies/${MISSION}`, { token: missionAnalyst })).status,
    ).toBe(200);
    const ahtjp = await ledger.token('ahtjp', 'officer');
    expect((await post('/rescue-requests', rescueRequest('req-npl-1', MISSION), ahtjp)).status).toBe(201);
  });

  it('renames it', async () => {
    const renamed = await post(`/reference/agencies/${MISSION}/renaming`, {
      name: 'Embassy of Nepal, Bangkok',
      occurredAt: AT,
    });
    expect(renamed.status).toBe(201);
    expect((await agencies()).find((a) => a.id === MISSION)?.name).toBe('Embassy of Nepal, Bangkok');
  });

  it('retires it: the old request stays, a new one may not name it, its tokens no longer sign in', async () => {
    const retired = await post(`/reference/agencies/${MISSION}/retirement`, {
      reason: 'accredited from Bangkok',
      occurredAt: AT,
    });
    expect(retired.status).toBe(201);
    expect((await agencies()).find((a) => a.id === MISSION)?.retired).toBe(true);
    const ahtjp = await ledger.token('ahtjp', 'officer');
    const refused = await post('/rescue-requests', rescueRequest('req-npl-2', MISSION), ahtjp);
    expect(refused.status).toBe(422);
    expect(refused.body.rule).toBe('agency-retired');
    expect((await ledger.request('GET', '/rescue-requests/req-npl-1', { token: ahtjp })).status).toBe(200);
    const lateToken = await ledger.token(MISSION, 'auditor', 'someone-new@mission-npl');
    expect((await ledger.request('GET', '/reference/agencies', { token: lateToken })).status).toBe(401);
  });

  it('refuses what the rules refuse, and everyone but an admin', async () => {
    const again = await post('/reference/agencies', {
      agencyId: 'gdi',
      kind: 'immigration',
      name: 'Another immigration department',
      occurredAt: AT,
    });
    expect(again.status).toBe(422);
    expect(again.body.rule).toBe('agency-already-exists');
    const badKind = await post('/reference/agencies', {
      agencyId: 'x-unit',
      kind: 'secret-police',
      name: 'X',
      occurredAt: AT,
    });
    expect(badKind.status).toBe(400);
    const coordinator = await ledger.token('national-police', 'coordinator');
    const denied = await post(
      `/reference/agencies/gdi/renaming`,
      { name: 'Immigration', occurredAt: AT },
      coordinator,
    );
    expect(denied.status).toBe(403);
  });
});

const server = (await ledgerBackends()).filter((backend) => backend.name === 'postgres');

describe.each(server)('the agency register across two replicas on $name', (backend) => {
  let first: RunningLedger;
  let second: RunningLedger;

  beforeAll(async () => {
    first = await startLedger(backend);
    second = await startLedger(backend, { LEDGER_DB_SCHEMA: first.config.schema });
  });
  afterAll(async () => {
    await second?.close();
    await first?.close();
  });

  it('lets the other replica use an agency the moment it is registered', async () => {
    // The second replica has its directory cached before the registration.
    const ahtjp = await second.token('ahtjp', 'officer');
    expect((await second.request('GET', '/reference/agencies', { token: ahtjp })).status).toBe(200);

    const registered = await first.request('POST', '/reference/agencies', {
      token: await first.token('national-police', 'admin'),
      body: {
        agencyId: 'mission-btn',
        kind: 'foreign-mission',
        name: 'Embassy of Bhutan',
        countryCode: 'BTN',
        occurredAt: AT,
      },
    });
    expect(registered.status).toBe(201);

    const request = await second.request('POST', '/rescue-requests', {
      token: ahtjp,
      body: {
        requestId: 'req-btn-1',
        fromMissionId: 'mission-btn',
        persons: [{ nationality: 'BTN', count: 1 }],
        occurredAt: AT,
      },
    });
    expect(request.status).toBe(201);
    const missionToken = await second.token('mission-btn', 'analyst');
    expect((await second.request('GET', '/statistics/national', { token: missionToken })).status).toBe(200);
  });
});
