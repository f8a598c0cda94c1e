import { resolve } from 'node:path';
import {
  ConfigError,
  type Env,
  readChoice,
  readInt,
  readOptionalString,
  readString,
  readUrl,
} from './env-schema.js';

export interface LedgerConfig {
  http: { host: string; port: number; bodyLimit: string };
  /** Where the event store and read models live: a PostgreSQL server, or embedded PGlite under dataDir. */
  database: { kind: 'server'; url: string; poolSize: number } | { kind: 'embedded'; dataDir: string };
  /** Folder for local state of the embedded default: PGlite files and the dev signing key. */
  dataDir: string;
  schema: string;
  auth: {
    issuer: string;
    audience: string;
    /** PEM public key that verifies bearer tokens; absent on the embedded default, which generates one. */
    publicKeyFile: string | undefined;
    clockToleranceSeconds: number;
  };
  idempotency: { retentionHours: number };
  /** in-process: this API also runs the projector; external: apps/projector does (deployed at scale). */
  projector: { mode: 'in-process' | 'external'; readYourWritesTimeoutMs: number };
  logLevel: 'error' | 'warn' | 'log' | 'debug' | 'verbose';
}

const BODY_LIMIT = /^\d+(kb|mb)$/;
const SQL_IDENTIFIER = /^[a-z_][a-z0-9_]{0,62}$/;

/** Reads and validates every setting; throws ConfigError naming the first bad one. */
export function loadConfig(env: Env = process.env): LedgerConfig {
  const dataDir = resolve(readString(env, 'LEDGER_DATA_DIR', './data'));
  const databaseUrl = readUrl(env, 'DATABASE_URL', ['postgres', 'postgresql']);
  const bodyLimit = readString(env, 'HTTP_BODY_LIMIT', '256kb');
  if (!BODY_LIMIT.test(bodyLimit))
    throw new ConfigError('HTTP_BODY_LIMIT', `must look like 256kb or 1mb (got "${bodyLimit}")`);
  const schema = readString(env, 'LEDGER_DB_SCHEMA', 'ledger');
  if (!SQL_IDENTIFIER.test(schema)) {
    throw new ConfigError('LEDGER_DB_SCHEMA', `must be a lower-case SQL identifier (got "${schema}")`);
  }
  return {
    http: {
      host: readString(env, 'HOST', '127.0.0.1'),
      port: readInt(env, 'PORT', 3000, { min: 0, max: 65535 }),
      bodyLimit,
    },
    database: databaseUrl
      ? {
          kind: 'server',
          url: databaseUrl,
          poolSize: readInt(env, 'DATABASE_POOL_SIZE', 20, { min: 1, max: 500 }),
        }
      : { kind: 'embedded', dataDir: resolve(dataDir, 'pglite') },
    dataDir,
    schema,
    auth: {
      issuer: readString(env, 'AUTH_ISSUER', 'coordination-ledger'),
      audience: readString(env, 'AUTH_AUDIENCE', 'coordination-ledger'),
      publicKeyFile: readOptionalString(env, 'AUTH_PUBLIC_KEY_FILE'),
      clockToleranceSeconds: readInt(env, 'AUTH_CLOCK_TOLERANCE_SECONDS', 30, { min: 0, max: 600 }),
    },
    idempotency: {
      retentionHours: readInt(env, 'IDEMPOTENCY_RETENTION_HOURS', 24, { min: 1, max: 24 * 365 }),
    },
    projector: {
      mode: readChoice(env, 'LEDGER_PROJECTOR', ['in-process', 'external'], 'in-process'),
      readYourWritesTimeoutMs: readInt(env, 'READ_YOUR_WRITES_TIMEOUT_MS', 5_000, { min: 0, max: 60_000 }),
    },
    logLevel: readChoice(env, 'LOG_LEVEL', ['error', 'warn', 'log', 'debug', 'verbose'], 'log'),
  };
}

export const LEDGER_CONFIG = Symbol.for('ledger.Config');
