import {
  generateKeyPair,
  exportPKCS8,
  exportSPKI,
  importPKCS8,
  importSPKI,
  jwtVerify,
  SignJWT,
  errors,
} from 'jose';
import { findAgency } from '@ledger/domain';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { type Actor, isRole, type Role } from './access.js';

const ALGORITHM = 'EdDSA';

/** The bearer token is missing, malformed, forged, expired or not for us (HTTP 401, no detail leaked). */
export class UnauthenticatedError extends Error {
  override readonly name = 'UnauthenticatedError';
}

export interface TokenVerifierOptions {
  publicKeyPem: string;
  issuer: string;
  audience: string;
  clockToleranceSeconds: number;
}

export type TokenVerifier = (token: string) => Promise<Actor>;

/** Verified tokens are remembered until they expire (at most this long), bounded in number. */
const CACHE_TTL_MS = 5 * 60_000;
const CACHE_MAX_ENTRIES = 10_000;

export async function createTokenVerifier(options: TokenVerifierOptions): Promise<TokenVerifier> {
  const key = await importSPKI(options.publicKeyPem, ALGORITHM);
  // A signature check costs more than the rest of a small command; a token is re-sent on every request.
  const verified = new Map<string, { actor: Actor; until: number }>();
  return async (token) => {
    const now = Date.now();
    const cached = verified.get(token);
    if (cached && cached.until > now) return cached.actor;
    verified.delete(token);
    const { actor, expiresAt } = await verifyToken(token, key, options);
    if (verified.size >= CACHE_MAX_ENTRIES) verified.delete(verified.keys().next().value as string);
    verified.set(token, { actor, until: Math.min(expiresAt, now + CACHE_TTL_MS) });
    return actor;
  };
}

async function verifyToken(
  token: string,
  key: Awaited<ReturnType<typeof importSPKI>>,
  options: TokenVerifierOptions,
): Promise<{ actor: Actor; expiresAt: number }> {
  try {
    const { payload } = await jwtVerify(token, key, {
      algorithms: [ALGORITHM],
      issuer: options.issuer,
      audience: options.audience,
      clockTolerance: options.clockToleranceSeconds,
      requiredClaims: ['sub', 'exp'],
    });
    const { sub, agency, role, exp } = payload;
    if (typeof sub !== 'string' || typeof agency !== 'string' || !findAgency(agency) || !isRole(role)) {
      throw new UnauthenticatedError('token claims are incomplete');
    }
    return { actor: { userId: sub, agencyId: agency, role }, expiresAt: (exp ?? 0) * 1000 };
  } catch (error) {
    if (error instanceof UnauthenticatedError || error instanceof errors.JOSEError) {
      throw new UnauthenticatedError('invalid bearer token');
    }
    throw error;
  }
}

export interface SigningKey {
  privateKeyPem: string;
  publicKeyPem: string;
}

/**
 * The embedded default signs its own tokens: a key pair is generated once under the data
 * folder, so `npm run token` and the running ledger agree without any set-up.
 */
export async function ensureDevSigningKey(dataDir: string): Promise<SigningKey> {
  const dir = join(dataDir, 'keys');
  const privatePath = join(dir, 'dev-token-signing.key.pem');
  const publicPath = join(dir, 'dev-token-signing.pub.pem');
  try {
    return {
      privateKeyPem: await readFile(privatePath, 'utf8'),
      publicKeyPem: await readFile(publicPath, 'utf8'),
    };
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
  }
  const { privateKey, publicKey } = await generateKeyPair(ALGORITHM, { extractable: true });
  const key = { privateKeyPem: await exportPKCS8(privateKey), publicKeyPem: await exportSPKI(publicKey) };
  await mkdir(dir, { recursive: true, mode: 0o700 });
  // wx: two processes starting at once must not overwrite each other's key.
  await writeFile(privatePath, key.privateKeyPem, { mode: 0o600, flag: 'wx' }).catch(ignoreExists);
  await writeFile(publicPath, key.publicKeyPem, { mode: 0o644, flag: 'wx' }).catch(ignoreExists);
  return {
    privateKeyPem: await readFile(privatePath, 'utf8'),
    publicKeyPem: await readFile(publicPath, 'utf8'),
  };
}

const ignoreExists = (error: NodeJS.ErrnoException): void => {
  if (error.code !== 'EEXIST') throw error;
};

export interface MintTokenOptions {
  privateKeyPem: string;
  issuer: string;
  audience: string;
  userId: string;
  agencyId: string;
  role: Role;
  expiresIn?: string | number;
  notBefore?: string | number;
}

export async function mintToken(options: MintTokenOptions): Promise<string> {
  const key = await importPKCS8(options.privateKeyPem, ALGORITHM);
  const jwt = new SignJWT({ agency: options.agencyId, role: options.role })
    .setProtectedHeader({ alg: ALGORITHM, typ: 'JWT' })
    .setSubject(options.userId)
    .setIssuer(options.issuer)
    .setAudience(options.audience)
    .setIssuedAt()
    .setExpirationTime(options.expiresIn ?? '8h');
  if (options.notBefore !== undefined) jwt.setNotBefore(options.notBefore);
  return jwt.sign(key);
}
