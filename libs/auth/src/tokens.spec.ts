import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { mkdtemp, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  createTokenVerifier,
  ensureDevSigningKey,
  mintToken,
  type SigningKey,
  type TokenVerifier,
  UnauthenticatedError,
} from './tokens.js';
import { Role } from './access.js';

describe('tokens', () => {
  let dir: string;
  let key: SigningKey;
  let verify: TokenVerifier;
  const base = { issuer: 'ledger', audience: 'ledger-api' };

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'auth-'));
    key = await ensureDevSigningKey(dir);
    verify = await createTokenVerifier({ publicKeyPem: key.publicKeyPem, ...base, clockToleranceSeconds: 5 });
  });
  afterAll(() => rm(dir, { recursive: true, force: true }));

  const mint = (overrides: Partial<Parameters<typeof mintToken>[0]> = {}) =>
    mintToken({
      privateKeyPem: key.privateKeyPem,
      ...base,
      userId: 'sok',
      agencyId: 'gdi',
      role: Role.Officer,
      ...overrides,
    });

  it('keeps one key pair per data folder, private key readable by the owner only', async () => {
    expect(await ensureDevSigningKey(dir)).toEqual(key);
    expect((await stat(join(dir, 'keys', 'dev-token-signing.key.pem'))).mode & 0o077).toBe(0);
  });

  it('turns a valid token into its actor', async () => {
    expect(await verify(await mint())).toEqual({ userId: 'sok', agencyId: 'gdi', role: 'officer' });
  });

  it.each([
    ['expired', { expiresIn: Math.floor(Date.now() / 1000) - 60 }],
    ['not yet valid', { notBefore: Math.floor(Date.now() / 1000) + 3600 }],
    ['for another audience', { audience: 'elsewhere' }],
    ['from another issuer', { issuer: 'elsewhere' }],
    ['for an unknown agency', { agencyId: 'no-such-agency' }],
    ['with an unknown role', { role: 'root' as Role }],
  ])('refuses a token %s', async (_, overrides) => {
    await expect(verify(await mint(overrides))).rejects.toThrow(UnauthenticatedError);
  });

  it('refuses a token signed by another key', async () => {
    const other = await ensureDevSigningKey(join(dir, 'other'));
    await expect(verify(await mint({ privateKeyPem: other.privateKeyPem }))).rejects.toThrow(
      UnauthenticatedError,
    );
  });

  it('refuses a tampered token', async () => {
    const [header, payload, signature] = (await mint()).split('.');
    const forged = Buffer.from(
      JSON.stringify({ ...JSON.parse(Buffer.from(payload!, 'base64url').toString()), role: 'admin' }),
    ).toString('base64url');
    await expect(verify(`${header}.${forged}.${signature}`)).rejects.toThrow(UnauthenticatedError);
  });
});

describe('the verified-token cache', () => {
  it('stops accepting a cached token once it has expired', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'auth-cache-'));
    try {
      const key = await ensureDevSigningKey(dir);
      const options = { issuer: 'ledger', audience: 'ledger-api' };
      const verify = await createTokenVerifier({
        publicKeyPem: key.publicKeyPem,
        ...options,
        clockToleranceSeconds: 0,
      });
      const token = await mintToken({
        privateKeyPem: key.privateKeyPem,
        ...options,
        userId: 'sok',
        agencyId: 'gdi',
        role: Role.Officer,
        expiresIn: Math.floor(Date.now() / 1000) + 2,
      });
      await expect(verify(token)).resolves.toMatchObject({ userId: 'sok' });
      await new Promise((resolve) => setTimeout(resolve, 2100));
      await expect(verify(token)).rejects.toThrow(UnauthenticatedError);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});
