/**
 * Need-to-know through the API: a sealed case is read only by its agency, the agencies it granted
 * access and auditors; victims' and minors' entries are withheld from everyone else, with the
 * counts kept; grants and revocations are recorded and take effect at once.
 */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { Role } from '@ledger/auth';
import {
  DEPORTEE,
  RESCUED_MINOR,
  SIHANOUKVILLE_GAMBLING_CASE_ID,
  SIHANOUKVILLE_OPERATION_ID,
  SIHANOUKVILLE_TRAFFICKING_CASE_ID,
  SIHANOUKVILLE_VICTIMS,
} from '@ledger/domain/fixtures';
import { replay, september2022Steps } from '../support/command-routes.js';
import { ledgerBackends, startLedger, type RunningLedger } from '../support/ledger-app.js';

const CASE = `/cases/${SIHANOUKVILLE_TRAFFICKING_CASE_ID}`;
const OPERATION = `/operations/${SIHANOUKVILLE_OPERATION_ID}`;
const NOW = () => new Date().toISOString();

describe.each(await ledgerBackends())('need-to-know on $name', (backend) => {
  let ledger: RunningLedger;
  let head: string;
  const get = async (path: string, agencyId: string, role: `${Role}` = 'officer') =>
    ledger.request('GET', path, { token: await ledger.token(agencyId, role) });
  const post = async (path: string, agencyId: string, body: Record<string, unknown>) =>
    ledger.request('POST', path, { token: await ledger.token(agencyId, 'officer'), body });

  beforeAll(async () => {
    ledger = await startLedger(backend);
    head = (await replay(ledger, september2022Steps(0))).at(-1)!;
    // Operation need-to-know follows the cases from it, which the read side knows once it caught up.
    const caughtUp = await get(`/statistics/national?minPosition=${head}`, 'csd', 'analyst');
    expect(caughtUp.status).toBe(200);
  });
  afterAll(() => ledger?.close());

  describe('a sealed case', () => {
    it.each<[string, string, `${Role}`]>([
      ['its own agency', 'ahtjp-kh-18', 'officer'],
      ['an agency granted access', 'gdi', 'officer'],
      ['an auditor of any agency', 'ncct', 'auditor'],
    ])('is read in full by %s', async (_who, agencyId, role) => {
      for (const suffix of ['', '/events', '/timeline']) {
        const answer = await get(`${CASE}${suffix}`, agencyId, role);
        expect({ suffix, status: answer.status }).toEqual({ suffix, status: 200 });
      }
      const state = (await get(CASE, agencyId, role)).body.state;
      expect(Object.values(state.victims)).toHaveLength(SIHANOUKVILLE_VICTIMS.length);
      expect(Object.values(state.victims).every((v: any) => typeof v.nationality === 'string')).toBe(true);
    });

    it.each<[string, string, `${Role}`]>([
      ['an agency whose grant was revoked', 'police-kh-18', 'officer'],
      ['a participant of the operation without a grant', 'csd', 'officer'],
      ['an analyst', 'ncct', 'analyst'],
    ])('is refused to %s, with the reason', async (_who, agencyId, role) => {
      for (const suffix of ['', '/events', '/timeline']) {
        const answer = await get(`${CASE}${suffix}`, agencyId, role);
        expect({ suffix, status: answer.status }).toEqual({ suffix, status: 403 });
        expect(answer.body.detail).toMatch(/is sealed/);
      }
    });
  });

  describe('an operation with victims', () => {
    it('shows its victims to the lead agency and to the agencies of its cases', async () => {
      for (const [agencyId, role] of [
        ['admin-kh-18', 'coordinator'],
        ['ahtjp-kh-18', 'officer'],
        ['gdi', 'officer'],
      ] as const) {
        const { body } = await get(OPERATION, agencyId, role);
        const victims = Object.values(body.state.victims) as any[];
        expect({ agencyId, withheld: victims.filter((v) => v.withheld).length }).toEqual({
          agencyId,
          withheld: 0,
        });
      }
    });

    it('withholds victims from a participant without need-to-know, and keeps the count', async () => {
      const { status, body } = await get(OPERATION, 'csd');
      expect(status).toBe(200);
      const victims = Object.values(body.state.victims) as any[];
      expect(victims).toHaveLength(SIHANOUKVILLE_VICTIMS.length);
      expect(victims.every((v) => v.withheld === true && v.nationality === undefined)).toBe(true);

      const history = (await get(`${OPERATION}/events`, 'csd')).body.events as any[];
      const identified = history.find((e) => e.type === 'VictimsIdentified');
      expect(identified.data.victims).toEqual(
        SIHANOUKVILLE_VICTIMS.map((v) => ({ personId: v.personId, withheld: true })),
      );
      // What is not restricted stays in full.
      const raid = history.find((e) => e.type === 'RaidConducted');
      expect(raid.data.screened.length).toBeGreaterThan(0);
    });

    it('shows an agency what it recorded itself', async () => {
      const history = (await get(`${OPERATION}/events`, 'ahtjp-kh-18')).body.events as any[];
      const identified = history.find((e) => e.type === 'VictimsIdentified');
      expect(identified.data.victims[0].nationality).toBeDefined();
    });
  });

  describe('a rescued minor’s identity', () => {
    const person = `/persons/${RESCUED_MINOR.personId}`;
    const identityOf = async (path: string, agencyId: string, role: `${Role}` = 'officer') => {
      const answer = await get(path, agencyId, role);
      return { status: answer.status, identity: answer.body.identity?.status, detail: answer.body.detail };
    };

    it('is read by the agency that registered it, and by auditors', async () => {
      expect(await identityOf(person, 'ahtjp-kh-18')).toMatchObject({ status: 200, identity: 'present' });
      expect(await identityOf(person, 'ncct', 'auditor')).toMatchObject({ status: 200, identity: 'present' });
    });

    it('is read under a case that names her, by an agency granted access to it', async () => {
      expect(await identityOf(`${person}?caseId=${SIHANOUKVILLE_TRAFFICKING_CASE_ID}`, 'gdi')).toMatchObject({
        status: 200,
        identity: 'present',
      });
    });

    it('is refused without need-to-know, and to analysts, with the reason', async () => {
      const refusals = [
        await identityOf(person, 'gdi'),
        await identityOf(`${person}?caseId=${SIHANOUKVILLE_TRAFFICKING_CASE_ID}`, 'police-kh-18'),
        await identityOf(`${person}?caseId=${SIHANOUKVILLE_GAMBLING_CASE_ID}`, 'dacg'),
      ];
      for (const refusal of refusals) {
        expect(refusal).toMatchObject({ status: 403 });
        expect(refusal.detail).toMatch(/need-to-know/);
      }
      expect((await identityOf(person, 'ncct', 'analyst')).status).toBe(403);
    });

    it('of an adult who is not a victim is read by any officer, and shows as erased once erased', async () => {
      expect(await identityOf(`/persons/${DEPORTEE.personId}`, 'police-kh-18')).toMatchObject({
        status: 200,
        identity: 'erased',
      });
    });
  });

  describe('grants and revocations', () => {
    const grant = (agencyId: string) => ({ agencyId, reason: 'joint follow-up', occurredAt: NOW() });

    it('take effect at once, and are in the case’s history', async () => {
      expect((await get(CASE, 'csd')).status).toBe(403);
      const granted = await post(`${CASE}/access-grants`, 'ahtjp-kh-18', grant('csd'));
      expect(granted.status).toBe(201);
      expect((await get(CASE, 'csd')).status).toBe(200);
      const victims = Object.values((await get(OPERATION, 'csd')).body.state.victims) as any[];
      expect(victims.some((v) => v.withheld)).toBe(false);

      const revoked = await post(`${CASE}/access-revocations`, 'ahtjp-kh-18', grant('csd'));
      expect(revoked.status).toBe(201);
      expect((await get(CASE, 'csd')).status).toBe(403);

      const types = ((await get(`${CASE}/events`, 'ahtjp-kh-18')).body.events as any[]).map((e) => e.type);
      expect(types.slice(-2)).toEqual(['CaseAccessGranted', 'CaseAccessRevoked']);
    });

    it('are the case agency’s alone, and are refused twice', async () => {
      const byOther = await post(`${CASE}/access-grants`, 'gdi', grant('csd'));
      expect(byOther.status).toBe(403);
      expect(byOther.body.rule).toBe('not-case-agency');
      const twice = await post(`${CASE}/access-grants`, 'ahtjp-kh-18', grant('gdi'));
      expect(twice.status).toBe(422);
      expect(twice.body.rule).toBe('access-already-granted');
      const unknown = await post(`${CASE}/access-grants`, 'ahtjp-kh-18', grant('no-such-agency'));
      expect(unknown.status).toBe(422);
      expect(unknown.body.rule).toBe('unknown-agency');
    });

    it('an unsealed case is open to every reader again', async () => {
      const gambling = `/cases/${SIHANOUKVILLE_GAMBLING_CASE_ID}`;
      expect((await get(gambling, 'police-kh-18')).status).toBe(200);
      expect(
        (await post(`${gambling}/unsealing`, 'dacg', { reason: 'x', occurredAt: NOW() })).body.rule,
      ).toBe('case-not-sealed');
    });
  });
});
