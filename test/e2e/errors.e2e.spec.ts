import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { exportPKCS8, generateKeyPair } from 'jose';
import { mintToken, Role } from '@ledger/auth';
import { ledgerBackends, type RunningLedger, startLedger } from '../support/ledger-app.js';
import {
  LEAD,
  operationWithRaid,
  PARTICIPANT,
  raidBody,
  streamSnapshot,
  suspect,
} from '../support/scenario.js';

const OP = 'op-errors';

describe.each(await ledgerBackends())('errors through HTTP ($name)', (backend) => {
  let ledger: RunningLedger;
  let officer: string;

  beforeAll(async () => {
    ledger = await startLedger(backend);
    await operationWithRaid(ledger, OP);
    officer = await ledger.token(PARTICIPANT, 'officer');
  });
  afterAll(() => ledger?.close());

  /** Sends the request and checks that the operation's stream did not change. */
  async function refused(path: string, options: Parameters<RunningLedger['request']>[2]) {
    const before = await streamSnapshot(ledger, `/operations/${OP}`);
    const answer = await ledger.request('POST', path, options);
    expect(await streamSnapshot(ledger, `/operations/${OP}`)).toEqual(before);
    expect(answer.headers.get('content-type')).toMatch(/^application\/problem\+json/);
    return answer;
  }

  describe('400 for bad input, field by field, appending nothing', () => {
    it('names every invalid field with its path', async () => {
      const answer = await refused(`/operations/${OP}/raids`, {
        token: officer,
        body: {
          ...raidBody('raid-x'),
          premisesInspected: -1,
          screened: [{ nationality: 'XXX', sex: 'm', count: 1.5 }],
        },
      });
      expect(answer.status).toBe(400);
      expect(answer.body.errors.map((e: { field: string }) => e.field).sort()).toEqual(
        ['premisesInspected', 'screened[0].count', 'screened[0].nationality', 'screened[0].sex'].sort(),
      );
    });

    it('says which required fields are missing', async () => {
      const answer = await refused(`/operations/${OP}/raids`, { token: officer, body: {} });
      expect(answer.status).toBe(400);
      const location = answer.body.errors.find((e: { field: string }) => e.field === 'location');
      expect(location.messages).toContain('location is required');
    });

    it('refuses fields the command does not have', async () => {
      const answer = await refused(`/operations/${OP}/fines`, {
        token: officer,
        body: {
          fineId: 'f-1',
          amountRiel: 1000,
          reason: 'r',
          occurredAt: '2022-09-21T10:00:00Z',
          name: 'Mr X',
        },
      });
      expect(answer.status).toBe(400);
      expect(answer.body.errors).toEqual([{ field: 'name', messages: ['property name should not exist'] }]);
    });

    it('refuses a negative fine before any rule runs', async () => {
      const answer = await refused(`/operations/${OP}/fines`, {
        token: officer,
        body: { fineId: 'f-2', amountRiel: -5, reason: 'r', occurredAt: '2022-09-21T10:00:00Z' },
      });
      expect(answer.status).toBe(400);
      expect(answer.body.errors[0]).toEqual({
        field: 'amountRiel',
        messages: ['amountRiel must be positive'],
      });
    });

    it('refuses malformed JSON', async () => {
      const answer = await refused(`/operations/${OP}/fines`, {
        token: officer,
        rawBody: '{"fineId": ',
        headers: { 'content-type': 'application/json' },
      });
      expect(answer.status).toBe(400);
    });

    it('refuses a malformed If-Match, Idempotency-Key or path id', async () => {
      const body = { fineId: 'f-3', amountRiel: 1000, reason: 'r', occurredAt: '2022-09-21T10:00:00Z' };
      const badIfMatch = await refused(`/operations/${OP}/fines`, {
        token: officer,
        body,
        headers: { 'if-match': 'abc' },
      });
      expect(badIfMatch.body.errors[0].field).toBe('If-Match');
      const badKey = await refused(`/operations/${OP}/fines`, {
        token: officer,
        body,
        headers: { 'idempotency-key': 'x'.repeat(300) },
      });
      expect(badKey.body.errors[0].field).toBe('Idempotency-Key');
      const badId = await ledger.request('POST', `/operations/${encodeURIComponent('bad id!')}/fines`, {
        token: officer,
        body,
      });
      expect(badId.status).toBe(400);
    });

    it('answers 413 for a body over the limit', async () => {
      const answer = await refused(`/operations/${OP}/offences`, {
        token: officer,
        body: { offences: ['other'], occurredAt: '2022-09-21T10:00:00Z', padding: 'x'.repeat(300_000) },
      });
      expect(answer.status).toBe(413);
    });
  });

  describe('401 for a missing or invalid token, with no detail', () => {
    const body = { offences: ['other'], occurredAt: '2022-09-21T10:00:00Z' };
    const sign = async (overrides: Partial<Parameters<typeof mintToken>[0]>) => {
      const { privateKey } = await generateKeyPair('EdDSA', { extractable: true });
      return mintToken({
        privateKeyPem: await exportPKCS8(privateKey),
        issuer: ledger.config.auth.issuer,
        audience: ledger.config.auth.audience,
        userId: 'mallory',
        agencyId: PARTICIPANT,
        role: Role.Officer,
        ...overrides,
      });
    };

    it.each([
      ['no token', async () => undefined],
      ['a token that is not a JWT', async () => 'not-a-jwt'],
      ['a token signed with another key', async () => sign({})],
    ])('refuses %s', async (_, token) => {
      const answer = await refused(`/operations/${OP}/offences`, { token: await token(), body });
      expect(answer.status).toBe(401);
      expect(answer.headers.get('www-authenticate')).toBe('Bearer');
      expect(answer.body.detail).toBe('A valid bearer token is required.');
    });

    it('refuses expired tokens, other audiences, other issuers and unknown agencies', async () => {
      const real = await ledger.token(PARTICIPANT, 'officer');
      const [header] = real.split('.');
      expect(header).toBeDefined();
      for (const [claims, why] of [
        [{ exp: Math.floor(Date.now() / 1000) - 3600 }, 'expired'],
        [{ aud: 'another-system' }, 'audience'],
        [{ iss: 'someone-else' }, 'issuer'],
        [{ agency: 'no-such-agency' }, 'agency'],
      ] as const) {
        const token = await resign(ledger, claims);
        const answer = await refused(`/operations/${OP}/offences`, { token, body });
        expect([why, answer.status]).toEqual([why, 401]);
      }
    });
  });

  describe('403 when the role may not do it, with the reason', () => {
    it('refuses an analyst recording a raid', async () => {
      const answer = await refused(`/operations/${OP}/raids`, {
        token: await ledger.token(PARTICIPANT, 'analyst'),
        body: raidBody('raid-by-analyst'),
      });
      expect(answer.status).toBe(403);
      expect(answer.body.detail).toBe('role analyst may not operation.record');
    });

    it('refuses an officer planning an operation', async () => {
      const answer = await ledger.request('POST', '/operations', {
        token: await ledger.token(LEAD, 'officer'),
        body: { ...(await import('../support/scenario.js')).planBody('op-by-officer') },
      });
      expect(answer.status).toBe(403);
      expect(await streamSnapshot(ledger, '/operations/op-by-officer')).toEqual({ events: 0 });
    });
  });

  describe('404 for an unknown aggregate', () => {
    it('answers 404 to a command on an operation that was never planned', async () => {
      const answer = await ledger.request('POST', '/operations/never-planned/raids', {
        token: officer,
        body: raidBody('r'),
      });
      expect(answer.status).toBe(404);
      expect(await streamSnapshot(ledger, '/operations/never-planned')).toEqual({ events: 0 });
    });

    it('answers 404 to reads of unknown aggregates', async () => {
      const token = await ledger.token('ncct', 'analyst');
      for (const path of [
        '/operations/nope',
        '/cases/nope',
        '/deportations/nope/events',
        '/rescue-requests/nope',
      ]) {
        expect([path, (await ledger.request('GET', path, { token })).status]).toEqual([path, 404]);
      }
    });
  });

  describe('409 when the expected revision is stale', () => {
    it('answers with the current revision and appends nothing', async () => {
      const current = await ledger.request('GET', `/operations/${OP}`, { token: officer });
      const answer = await refused(`/operations/${OP}/offences`, {
        token: officer,
        body: { offences: ['other'], occurredAt: '2022-09-21T10:00:00Z' },
        headers: { 'if-match': `"${current.body.revision - 1}"` },
      });
      expect(answer.status).toBe(409);
      expect(answer.body).toMatchObject({
        currentRevision: current.body.revision,
        expectedRevision: current.body.revision - 1,
      });
    });

    it('accepts the current revision', async () => {
      const current = await ledger.request('GET', `/operations/${OP}`, { token: officer });
      const answer = await ledger.request('POST', `/operations/${OP}/offences`, {
        token: officer,
        body: { offences: ['illegal-online-gambling'], occurredAt: '2022-09-21T10:00:00Z' },
        headers: { 'if-match': current.headers.get('etag')! },
      });
      expect(answer.status).toBe(201);
      expect(answer.body.revision).toBe(current.body.revision + 1);
    });
  });

  describe('422 when a rule refuses, naming the rule', () => {
    it.each([
      [
        'more detained than were screened in the raid',
        () => ({
          path: `/operations/${OP}/detentions`,
          body: {
            raidId: 'raid-1',
            suspects: [1, 2, 3, 4].map(suspect),
            occurredAt: '2022-09-21T12:00:00+07:00',
          },
        }),
        'detained-exceeds-screened',
      ],
      [
        'a date in the future',
        () => ({
          path: `/operations/${OP}/offences`,
          body: { offences: ['other'], occurredAt: new Date(Date.now() + 86_400_000).toISOString() },
        }),
        'date-in-future',
      ],
      [
        'a raid recorded twice',
        () => ({ path: `/operations/${OP}/raids`, body: raidBody('raid-1') }),
        'raid-already-recorded',
      ],
    ])('refuses %s', async (_, request, rule) => {
      const { path, body } = request();
      const answer = await refused(path, { token: officer, body });
      expect(answer.status).toBe(422);
      expect(answer.body.rule).toBe(rule);
    });

    it('refuses planning an operation whose id is taken, and leaves it as it was', async () => {
      const { planBody } = await import('../support/scenario.js');
      const answer = await refused('/operations', {
        token: await ledger.token(LEAD, 'coordinator'),
        body: planBody(OP),
      });
      expect(answer.status).toBe(422);
      expect(answer.body.rule).toBe('operation-already-exists');
    });

    it('refuses, as a denial, an agency that does not take part in the operation', async () => {
      const answer = await refused(`/operations/${OP}/offences`, {
        token: await ledger.token('military-police', 'officer'),
        body: { offences: ['other'], occurredAt: '2022-09-21T10:00:00Z' },
      });
      expect(answer.status).toBe(403);
      expect(answer.body.rule).toBe('agency-not-participating');
    });
  });
});

/** The ledger's own signing key with one claim changed, so only that claim can explain a refusal. */
async function resign(ledger: RunningLedger, claims: Record<string, unknown>): Promise<string> {
  const { ensureDevSigningKey } = await import('@ledger/auth');
  const { importPKCS8, SignJWT } = await import('jose');
  const key = await ensureDevSigningKey(ledger.config.dataDir);
  const now = Math.floor(Date.now() / 1000);
  return new SignJWT({ agency: PARTICIPANT, role: 'officer', ...claims })
    .setProtectedHeader({ alg: 'EdDSA' })
    .setSubject('mallory')
    .setIssuer((claims.iss as string) ?? ledger.config.auth.issuer)
    .setAudience((claims.aud as string) ?? ledger.config.auth.audience)
    .setIssuedAt(now - 7200)
    .setExpirationTime((claims.exp as number) ?? now + 600)
    .sign(await importPKCS8(key.privateKeyPem, 'EdDSA'));
}
