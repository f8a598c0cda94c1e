/**
 * Bearer tokens from an OpenID Connect issuer: the ledger discovers the issuer's keys, checks signature, `exp`,
 * `nbf`, `iss` and `aud` with the configured clock skew, follows key rotation, and answers 401 without detail for
 * every bad token, and 503 while the issuer cannot be reached. The issuer is a real HTTP server in this process
 * serving the discovery document and the key set, as Keycloak or Entra ID would.
 */
import { once } from 'node:events';
import { createServer, type Server } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { exportJWK, generateKeyPair, SignJWT, type CryptoKey, type JWK } from 'jose';
import { startLedger, type RunningLedger } from '../support/ledger-app.js';

const AUDIENCE = 'coordination-ledger-test';

interface Issuer {
  url: string;
  keys: JWK[];
  requests: number;
  server: Server;
}

async function startIssuer(): Promise<Issuer> {
  const issuer: Issuer = { url: '', keys: [], requests: 0, server: createServer() };
  issuer.server.on('request', (request, response) => {
    issuer.requests += 1;
    const body =
      request.url === '/.well-known/openid-configuration'
        ? { issuer: issuer.url, jwks_uri: `${issuer.url}/jwks` }
        : request.url === '/jwks'
          ? { keys: issuer.keys }
          : undefined;
    response.writeHead(body ? 200 : 404, { 'content-type': 'application/json' });
    response.end(JSON.stringify(body ?? {}));
  });
  issuer.server.listen(0, '127.0.0.1');
  await once(issuer.server, 'listening');
  issuer.url = `http://127.0.0.1:${(issuer.server.address() as { port: number }).port}`;
  return issuer;
}

async function signingKey(kid: string, alg: 'RS256' | 'ES256' = 'RS256') {
  const { privateKey, publicKey } = await generateKeyPair(alg, { extractable: true });
  return { kid, alg, privateKey, jwk: { ...(await exportJWK(publicKey)), kid, alg, use: 'sig' } };
}

type Key = Awaited<ReturnType<typeof signingKey>>;

function token(
  key: { kid: string; alg: string; privateKey: CryptoKey },
  claims: {
    iss: string;
    aud?: string;
    exp?: number;
    nbf?: number;
    agency?: string;
    role?: string;
    sub?: string;
  },
): Promise<string> {
  const now = Math.floor(Date.now() / 1000);
  const jwt = new SignJWT({ agency: claims.agency ?? 'gdi', role: claims.role ?? 'analyst' })
    .setProtectedHeader({ alg: key.alg, kid: key.kid, typ: 'JWT' })
    .setSubject(claims.sub ?? 'analyst-1')
    .setIssuer(claims.iss)
    .setAudience(claims.aud ?? AUDIENCE)
    .setIssuedAt(now)
    .setExpirationTime(claims.exp ?? now + 600);
  if (claims.nbf !== undefined) jwt.setNotBefore(claims.nbf);
  return jwt.sign(key.privateKey);
}

describe('bearer tokens from an OIDC issuer', () => {
  let issuer: Issuer;
  let ledger: RunningLedger;
  let current: Key;
  const get = (bearer?: string) =>
    ledger.request('GET', '/reference/agencies', bearer === undefined ? {} : { token: bearer });

  beforeAll(async () => {
    issuer = await startIssuer();
    current = await signingKey('key-1');
    issuer.keys = [current.jwk];
    ledger = await startLedger(
      { name: 'pglite' },
      {
        OIDC_ISSUER: issuer.url,
        AUTH_AUDIENCE: AUDIENCE,
        AUTH_CLOCK_TOLERANCE_SECONDS: '30',
        // The rotation test publishes a new key right after the first fetch.
        OIDC_JWKS_COOLDOWN_SECONDS: '0',
      },
    );
  });

  afterAll(async () => {
    await ledger?.close();
    issuer?.server.close();
  });

  it('accepts a token the issuer signed, with the agency and role it names', async () => {
    const answer = await get(await token(current, { iss: issuer.url }));
    expect(answer.status).toBe(200);
  });

  it('answers 401, without detail, for a missing, forged, expired, early, wrong-audience or wrong-issuer token', async () => {
    const now = Math.floor(Date.now() / 1000);
    const impostor = await signingKey('key-1'); // the same key id, another key
    const bad = {
      missing: undefined,
      garbage: 'not.a.token',
      forged: await token(impostor, { iss: issuer.url }),
      expired: await token(current, { iss: issuer.url, exp: now - 120 }),
      'not yet valid': await token(current, { iss: issuer.url, nbf: now + 600 }),
      'wrong audience': await token(current, { iss: issuer.url, aud: 'another-service' }),
      'wrong issuer': await token(current, { iss: 'https://evil.example' }),
      'unknown agency': await token(current, { iss: issuer.url, agency: 'no-such-agency' }),
      'unknown role': await token(current, { iss: issuer.url, role: 'root' }),
      'alg none': `${Buffer.from('{"alg":"none","typ":"JWT"}').toString('base64url')}.${Buffer.from(
        JSON.stringify({
          sub: 'x',
          iss: issuer.url,
          aud: AUDIENCE,
          exp: now + 600,
          agency: 'gdi',
          role: 'admin',
        }),
      ).toString('base64url')}.`,
    };
    for (const [name, bearer] of Object.entries(bad)) {
      const answer = await get(bearer);
      expect({ name, status: answer.status }).toEqual({ name, status: 401 });
      expect(answer.body.detail).toBe('A valid bearer token is required.');
    }
  });

  it('allows the configured clock skew on exp and nbf', async () => {
    const now = Math.floor(Date.now() / 1000);
    expect((await get(await token(current, { iss: issuer.url, exp: now - 10 }))).status).toBe(200);
    expect((await get(await token(current, { iss: issuer.url, nbf: now + 10 }))).status).toBe(200);
  });

  it('follows key rotation: a token signed with a new key verifies once the issuer publishes it', async () => {
    const next = await signingKey('key-2', 'ES256');
    issuer.keys = [current.jwk, next.jwk];
    const fetches = issuer.requests;
    expect((await get(await token(next, { iss: issuer.url, sub: 'analyst-2' }))).status).toBe(200);
    expect(issuer.requests).toBe(fetches + 1);
    current = next;
  });

  it('answers 503 while the issuer cannot be reached, and recovers when it is back', async () => {
    const down = await startIssuer();
    const key = await signingKey('key-down');
    down.keys = [key.jwk];
    const port = new URL(down.url).port;
    await new Promise<void>((resolve) => down.server.close(() => resolve()));
    const other = await startLedger({ name: 'pglite' }, { OIDC_ISSUER: down.url, AUTH_AUDIENCE: AUDIENCE });
    try {
      const bearer = await token(key, { iss: down.url });
      const answer = await other.request('GET', '/reference/agencies', { token: bearer });
      expect(answer.status).toBe(503);
      expect(answer.body.type).toMatch(/identity-provider-unavailable/);
      // The issuer comes back on the same address: discovery is tried again.
      down.server = createServer();
      const back = await startIssuerOn(down, Number(port));
      expect((await other.request('GET', '/reference/agencies', { token: bearer })).status).toBe(200);
      back.close();
    } finally {
      await other.close();
    }
  });
});

/** Serves `issuer`'s documents again on `port`. */
async function startIssuerOn(issuer: Issuer, port: number): Promise<Server> {
  issuer.server.on('request', (request, response) => {
    const body =
      request.url === '/.well-known/openid-configuration'
        ? { issuer: issuer.url, jwks_uri: `${issuer.url}/jwks` }
        : { keys: issuer.keys };
    response.writeHead(200, { 'content-type': 'application/json' });
    response.end(JSON.stringify(body));
  });
  issuer.server.listen(port, '127.0.0.1');
  await once(issuer.server, 'listening');
  return issuer.server;
}
