import {
  createRemoteJWKSet,
  generateKeyPair,
  exportPKCS8,
  exportSPKI,
  importPKCS8,
  importSPKI,
  jwtVerify,
  SignJWT,
  errors,
  type JWTVerifyGetKey,
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

/** The identity provider could not be reached to check a token: not the client's fault (HTTP 503). */
export class IdentityProviderUnavailableError extends Error {
  override readonly name = 'IdentityProviderUnavailableError';
}

/**
 * Where the keys that sign tokens come from: one public key (the embedded default's local issuer, or a file), or
 * an OpenID Connect issuer whose signing keys are discovered (`/.well-known/openid-configuration` → `jwks_uri`)
 * and refreshed as the issuer rotates them.
 */
export type TokenKeySource = { publicKeyPem: string } | { oidcIssuer: string };

export type TokenVerifierOptions = TokenKeySource & {
  /** Required `iss`; with an OIDC issuer, that issuer. */
  issuer: string;
  audience: string;
  clockToleranceSeconds: number;
  /** Claims that carry the actor's agency id and role. */
  claims?: { agency: string; role: string };
  /** Longest wait for the issuer's discovery document or keys. */
  fetchTimeoutMs?: number;
  /** Least time between two fetches of the key set: a token naming an unknown key cannot make the ledger hammer the issuer. */
  keySetCooldownMs?: number;
  /** Whether the token's agency exists; the shipped catalogue when absent (an admin may register more). */
  isKnownAgency?: (agencyId: string) => boolean | Promise<boolean>;
};

/** Asymmetric algorithms only: `none` and shared-secret HMAC tokens are refused whatever the header says. */
const OIDC_ALGORITHMS = ['RS256', 'PS256', 'ES256', 'ES384', 'EdDSA'];

export type TokenVerifier = (token: string) => Promise<Actor>;

/** Verified tokens are remembered until they expire (at most this long), bounded in number. */
const CACHE_TTL_MS = 5 * 60_000;
const CACHE_MAX_ENTRIES = 10_000;

export async function createTokenVerifier(options: TokenVerifierOptions): Promise<TokenVerifier> {
  const key: KeyFor =
    'publicKeyPem' in options
      ? { key: await importSPKI(options.publicKeyPem, ALGORITHM), algorithms: [ALGORITHM] }
      : {
          key: oidcKeys(
            options.oidcIssuer,
            options.fetchTimeoutMs ?? 5_000,
            options.keySetCooldownMs ?? 30_000,
          ),
          algorithms: OIDC_ALGORITHMS,
        };
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

interface KeyFor {
  key: Awaited<ReturnType<typeof importSPKI>> | JWTVerifyGetKey;
  algorithms: string[];
}

async function verifyToken(
  token: string,
  { key, algorithms }: KeyFor,
  options: TokenVerifierOptions,
): Promise<{ actor: Actor; expiresAt: number }> {
  try {
    const verify =
      typeof key === 'function'
        ? jwtVerify(token, key, verifyOptions())
        : jwtVerify(token, key, verifyOptions());
    const { payload } = await verify;
    const claims = options.claims ?? { agency: 'agency', role: 'role' };
    const { sub, exp } = payload;
    const agency = payload[claims.agency];
    const role = payload[claims.role];
    const isKnownAgency = options.isKnownAgency ?? ((id: string) => findAgency(id) !== undefined);
    if (
      typeof sub !== 'string' ||
      typeof agency !== 'string' ||
      !isRole(role) ||
      !(await isKnownAgency(agency))
    ) {
      throw new UnauthenticatedError('token claims are incomplete');
    }
    return { actor: { userId: sub, agencyId: agency, role }, expiresAt: (exp ?? 0) * 1000 };
  } catch (error) {
    if (error instanceof IdentityProviderUnavailableError) throw error;
    // The issuer's key set could not be had: nobody can tell whether the token is good.
    if (error instanceof errors.JWKSTimeout || error instanceof errors.JWKSInvalid) {
      throw new IdentityProviderUnavailableError('the identity provider did not answer');
    }
    if (error instanceof UnauthenticatedError || error instanceof errors.JOSEError) {
      throw new UnauthenticatedError('invalid bearer token');
    }
    throw error;
  }

  function verifyOptions() {
    return {
      algorithms,
      issuer: options.issuer,
      audience: options.audience,
      clockTolerance: options.clockToleranceSeconds,
      requiredClaims: ['sub', 'exp'],
    };
  }
}

/**
 * The signing keys of an OIDC issuer: its discovery document names the key set, which jose fetches, caches and
 * fetches again when a token names a key it has not seen (rotation). Discovery is retried on the next token after
 * a failure, so the ledger starts while the issuer is down and serves 503 until it answers.
 */
function oidcKeys(issuer: string, timeoutMs: number, cooldownMs: number): JWTVerifyGetKey {
  let keys: Promise<JWTVerifyGetKey> | undefined;
  const discover = async (): Promise<JWTVerifyGetKey> => {
    const url = `${issuer.replace(/\/+$/, '')}/.well-known/openid-configuration`;
    let document: { issuer?: unknown; jwks_uri?: unknown };
    try {
      const response = await fetch(url, { signal: AbortSignal.timeout(timeoutMs) });
      if (!response.ok) throw new Error(`HTTP ${response.status}`);
      document = (await response.json()) as typeof document;
    } catch (error) {
      throw new IdentityProviderUnavailableError(
        `OIDC discovery at ${url} failed: ${(error as Error).message}`,
      );
    }
    // RFC 8414 / OIDC Discovery: the document must name the issuer it was fetched for.
    if (document.issuer !== issuer || typeof document.jwks_uri !== 'string') {
      throw new IdentityProviderUnavailableError(
        `OIDC discovery at ${url} does not describe issuer ${issuer}`,
      );
    }
    return createRemoteJWKSet(new URL(document.jwks_uri), {
      timeoutDuration: timeoutMs,
      cooldownDuration: cooldownMs,
    });
  };
  return async (header, token) => {
    keys ??= discover().catch((error: unknown) => {
      keys = undefined;
      throw error;
    });
    try {
      return await (
        await keys
      )(header, token);
    } catch (error) {
      // fetch's own failures (connection refused, DNS) are not JOSE errors.
      if (error instanceof TypeError)
        throw new IdentityProviderUnavailableError('the identity provider did not answer');
      throw error;
    }
  };
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
