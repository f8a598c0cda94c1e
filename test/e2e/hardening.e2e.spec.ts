/**
 * What a browser or a flood of requests meets: security headers on every answer, cross-origin access only for the
 * origins configured, and request budgets per client address (before the token is checked) and per actor.
 */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { startLedger, type RunningLedger } from '../support/ledger-app.js';

const APP = 'https://app.example.org';

describe('HTTP hardening', () => {
  describe('headers and cross-origin access', () => {
    let closed: RunningLedger;
    let open: RunningLedger;

    beforeAll(async () => {
      closed = await startLedger({ name: 'pglite' });
      open = await startLedger({ name: 'pglite' }, { CORS_ORIGINS: APP });
    });
    afterAll(async () => {
      await closed?.close();
      await open?.close();
    });

    it('sends security headers with every answer, and none that names the framework', async () => {
      const answer = await closed.request('GET', '/reference/agencies', {
        token: await closed.token('gdi', 'analyst'),
      });
      expect(answer.status).toBe(200);
      expect(answer.headers.get('x-content-type-options')).toBe('nosniff');
      expect(answer.headers.get('x-frame-options')).toBe('SAMEORIGIN');
      expect(answer.headers.get('strict-transport-security')).toMatch(/max-age=\d+/);
      expect(answer.headers.get('content-security-policy')).toContain("default-src 'self'");
      expect(answer.headers.get('content-security-policy')).not.toContain('upgrade-insecure-requests');
      expect(answer.headers.get('x-powered-by')).toBeNull();
      const unauthenticated = await closed.request('GET', '/reference/agencies');
      expect(unauthenticated.status).toBe(401);
      expect(unauthenticated.headers.get('x-content-type-options')).toBe('nosniff');
    });

    it('keeps the API docs page working under the content security policy: its scripts are files of its own', async () => {
      const page = await fetch(`${closed.url}/docs`);
      expect(page.status).toBe(200);
      const html = await page.text();
      const scripts = html.match(/<script[^>]*>[^<]*<\/script>/g) ?? [];
      expect(scripts.length).toBeGreaterThan(0);
      for (const script of scripts)
        expect(script).toMatch(/^<script src="\.\/docs\/[^"]+\.js">\s*<\/script>$/);
    });

    it('answers no cross-origin request unless its origin is configured', async () => {
      const preflight = (ledger: RunningLedger, origin: string) =>
        ledger.request('OPTIONS', '/reference/agencies', {
          headers: {
            origin,
            'access-control-request-method': 'GET',
            'access-control-request-headers': 'authorization',
          },
        });
      expect((await preflight(closed, APP)).headers.get('access-control-allow-origin')).toBeNull();
      const allowed = await preflight(open, APP);
      expect(allowed.headers.get('access-control-allow-origin')).toBe(APP);
      expect(allowed.headers.get('access-control-allow-headers')).toContain('authorization');
      expect(
        (await preflight(open, 'https://evil.example')).headers.get('access-control-allow-origin'),
      ).toBeNull();
    });
  });

  describe('request budgets', () => {
    let ledger: RunningLedger;

    beforeAll(async () => {
      ledger = await startLedger(
        { name: 'pglite' },
        { RATE_LIMIT_PER_ACTOR: '5', RATE_LIMIT_PER_ADDRESS: '14' },
      );
    });
    afterAll(() => ledger?.close());

    it('gives each actor its own budget, then 429 with Retry-After, and each address one before tokens are checked', async () => {
      const alice = await ledger.token('gdi', 'analyst', 'alice');
      const bob = await ledger.token('gdi', 'analyst', 'bob');
      const statuses: number[] = [];
      for (let i = 0; i < 6; i++)
        statuses.push((await ledger.request('GET', '/reference/agencies', { token: alice })).status);
      expect(statuses).toEqual([200, 200, 200, 200, 200, 429]);
      const spent = await ledger.request('GET', '/reference/agencies', { token: alice });
      expect(spent.status).toBe(429);
      expect(Number(spent.headers.get('retry-after'))).toBeGreaterThan(0);
      expect(spent.body).toMatchObject({ status: 429 });
      // Another actor from the same address still has budget: 8 requests so far from this address.
      expect((await ledger.request('GET', '/reference/agencies', { token: bob })).status).toBe(200);
      // Requests without a valid token count against the address too, until it is spent.
      const guesses: number[] = [];
      for (let i = 0; i < 7; i++)
        guesses.push((await ledger.request('GET', '/reference/agencies', { token: `guess-${i}` })).status);
      // 8 requests before, 14 allowed: the 7th guess is the 15th request.
      expect(guesses).toEqual([401, 401, 401, 401, 401, 401, 429]);
      expect((await ledger.request('GET', '/reference/agencies', { token: bob })).status).toBe(429);
    });
  });
});
