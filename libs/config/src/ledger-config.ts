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
import { type MasterKey, parseMasterKeys } from './master-keys.js';

export interface LedgerConfig {
  http: {
    host: string;
    port: number;
    bodyLimit: string;
    /** Requests a minute per client address and per authenticated actor. */
    rateLimit: { perAddress: number; perActor: number };
    /** Origins browsers may call the API from; empty: no cross-origin access. */
    corsOrigins: string[];
  };
  /**
   * The event store: the PostgreSQL adapter over `database`, or a KurrentDB (EventStoreDB)
   * cluster. The read models, checkpoints and the ledger's own tables stay in `database`.
   */
  eventStore: { kind: 'postgres' } | { kind: 'kurrentdb'; url: string };
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
    /** An OpenID Connect issuer whose published keys verify bearer tokens (then `issuer` is this URL). */
    oidcIssuer: string | undefined;
    /** The token claims that carry the actor's agency id and role. */
    claims: { agency: string; role: string };
    /** Least time between two fetches of the OIDC issuer's key set. */
    keySetCooldownSeconds: number;
    clockToleranceSeconds: number;
  };
  idempotency: { retentionHours: number };
  /** in-process: this API also runs the projector; external: apps/projector does (deployed at scale). */
  projector: { mode: 'in-process' | 'external'; readYourWritesTimeoutMs: number };
  /** Readiness (`/health/ready`) fails while a projection or the relay is further behind than this. */
  health: { maxLagEvents: number };
  /** Absent unless KAFKA_BROKERS is set: then the log is published to Kafka. */
  kafka: KafkaConfig | undefined;
  /** The Merkle log's signed tree heads. */
  audit: {
    /** Ed25519 private key (PKCS#8 PEM) that signs tree heads. */
    signingKeyFile: string;
    /** True when TREE_HEAD_KEY_FILE is unset: the key is generated under dataDir on first start. */
    generateSigningKey: boolean;
    headEveryEvents: number;
    headEverySeconds: number;
  };
  /** The encrypted, erasable store of persons' identities. */
  personalData: PersonalDataSettings;
  logLevel: 'error' | 'warn' | 'log' | 'debug' | 'verbose';
}

/** Where the personal-data store's master keys come from (the KMS stand-in). */
export interface PersonalDataSettings {
  /** PERSONAL_DATA_MASTER_KEY, parsed: the first wraps new data keys, all unwrap. Undefined: read masterKeyFile. */
  masterKeys: readonly MasterKey[] | undefined;
  /** PERSONAL_DATA_MASTER_KEY_FILE, or `<dataDir>/personal-data-master.key`; undefined when masterKeys is set. */
  masterKeyFile: string | undefined;
  /** True when neither variable is set: the key file is generated under dataDir on first start. */
  generateMasterKey: boolean;
}

export interface KafkaConfig {
  brokers: string[];
  clientId: string;
  ssl: { caFile?: string } | undefined;
  sasl:
    | { mechanism: 'plain' | 'scram-sha-256' | 'scram-sha-512'; username: string; password: string }
    | undefined;
  /** in-process: ledger-api also runs the relay; external: apps/kafka-relay does. */
  relay: {
    mode: 'in-process' | 'external';
    /** Put before every topic name (clusters shared by several ledgers or environments). */
    prefix: string;
    partitions: number;
    replicationFactor: number;
    /** -1 keeps messages forever. */
    retentionMs: number;
    /** `ce_source` of every message. */
    source: string;
  };
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
    eventStore: readEventStore(env),
    health: { maxLagEvents: readInt(env, 'HEALTH_MAX_LAG_EVENTS', 10_000, { min: 0, max: 1_000_000_000 }) },
    http: {
      host: readString(env, 'HOST', '127.0.0.1'),
      port: readInt(env, 'PORT', 3000, { min: 0, max: 65535 }),
      bodyLimit,
      rateLimit: {
        perAddress: readInt(env, 'RATE_LIMIT_PER_ADDRESS', 1_200, { min: 1, max: 1_000_000 }),
        perActor: readInt(env, 'RATE_LIMIT_PER_ACTOR', 600, { min: 1, max: 1_000_000 }),
      },
      corsOrigins: readCorsOrigins(env),
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
      ...readIssuer(env),
      audience: readString(env, 'AUTH_AUDIENCE', 'coordination-ledger'),
      publicKeyFile: readOptionalString(env, 'AUTH_PUBLIC_KEY_FILE'),
      claims: {
        agency: readString(env, 'OIDC_AGENCY_CLAIM', 'agency'),
        role: readString(env, 'OIDC_ROLE_CLAIM', 'role'),
      },
      keySetCooldownSeconds: readInt(env, 'OIDC_JWKS_COOLDOWN_SECONDS', 30, { min: 0, max: 3_600 }),
      clockToleranceSeconds: readInt(env, 'AUTH_CLOCK_TOLERANCE_SECONDS', 30, { min: 0, max: 600 }),
    },
    idempotency: {
      retentionHours: readInt(env, 'IDEMPOTENCY_RETENTION_HOURS', 24, { min: 1, max: 24 * 365 }),
    },
    projector: {
      mode: readChoice(env, 'LEDGER_PROJECTOR', ['in-process', 'external'], 'in-process'),
      readYourWritesTimeoutMs: readInt(env, 'READ_YOUR_WRITES_TIMEOUT_MS', 5_000, { min: 0, max: 60_000 }),
    },
    kafka: readKafka(env),
    audit: readAudit(env, dataDir),
    personalData: readPersonalData(env, dataDir),
    logLevel: readChoice(env, 'LOG_LEVEL', ['error', 'warn', 'log', 'debug', 'verbose'], 'log'),
  };
}

function readCorsOrigins(env: Env): string[] {
  const raw = readOptionalString(env, 'CORS_ORIGINS');
  if (raw === undefined) return [];
  return raw.split(',').map((origin) => {
    const trimmed = origin.trim();
    let url: URL | undefined;
    try {
      url = new URL(trimmed);
    } catch {
      url = undefined;
    }
    // An origin is scheme, host and port: a path or a wildcard would open more than was meant.
    if (!url || url.origin !== trimmed) {
      throw new ConfigError(
        'CORS_ORIGINS',
        `must list origins like https://app.example.org (got "${trimmed}")`,
      );
    }
    return trimmed;
  });
}

function readIssuer(env: Env): Pick<LedgerConfig['auth'], 'issuer' | 'oidcIssuer'> {
  const oidcIssuer = readOptionalString(env, 'OIDC_ISSUER');
  if (oidcIssuer === undefined) {
    return { issuer: readString(env, 'AUTH_ISSUER', 'coordination-ledger'), oidcIssuer: undefined };
  }
  let url: URL;
  try {
    url = new URL(oidcIssuer);
  } catch {
    throw new ConfigError('OIDC_ISSUER', `must be the issuer's URL (got "${oidcIssuer}")`);
  }
  // Keys fetched over plain HTTP could be swapped on the way; loopback is for tests and local identity providers.
  const loopback = ['localhost', '127.0.0.1', '[::1]'].includes(url.hostname);
  if (url.protocol !== 'https:' && !(url.protocol === 'http:' && loopback)) {
    throw new ConfigError('OIDC_ISSUER', 'must use https:// (http:// only on the loopback interface)');
  }
  if (readOptionalString(env, 'AUTH_PUBLIC_KEY_FILE') !== undefined) {
    throw new ConfigError(
      'AUTH_PUBLIC_KEY_FILE',
      'cannot be set together with OIDC_ISSUER: pick one source of keys',
    );
  }
  return { issuer: oidcIssuer, oidcIssuer };
}

function readAudit(env: Env, dataDir: string): LedgerConfig['audit'] {
  const file = readOptionalString(env, 'TREE_HEAD_KEY_FILE');
  return {
    signingKeyFile: resolve(file ?? resolve(dataDir, 'tree-head-signing-key.pem')),
    generateSigningKey: file === undefined,
    headEveryEvents: readInt(env, 'TREE_HEAD_EVERY_EVENTS', 1_000, { min: 1, max: 100_000_000 }),
    headEverySeconds: readInt(env, 'TREE_HEAD_EVERY_SECONDS', 60, { min: 1, max: 86_400 }),
  };
}

function readPersonalData(env: Env, dataDir: string): PersonalDataSettings {
  const inline = readOptionalString(env, 'PERSONAL_DATA_MASTER_KEY');
  const file = readOptionalString(env, 'PERSONAL_DATA_MASTER_KEY_FILE');
  if (inline !== undefined && file !== undefined) {
    throw new ConfigError(
      'PERSONAL_DATA_MASTER_KEY_FILE',
      'cannot be set together with PERSONAL_DATA_MASTER_KEY: pick one source of keys',
    );
  }
  if (inline !== undefined) {
    return {
      masterKeys: parseMasterKeys(inline, 'PERSONAL_DATA_MASTER_KEY'),
      masterKeyFile: undefined,
      generateMasterKey: false,
    };
  }
  return {
    masterKeys: undefined,
    masterKeyFile: resolve(file ?? resolve(dataDir, 'personal-data-master.key')),
    generateMasterKey: file === undefined,
  };
}

function readEventStore(env: Env): LedgerConfig['eventStore'] {
  const kind = readChoice(env, 'EVENT_STORE', ['postgres', 'kurrentdb'], 'postgres');
  if (kind === 'postgres') return { kind };
  const url = readOptionalString(env, 'KURRENTDB_URL');
  if (url === undefined) throw new ConfigError('KURRENTDB_URL', 'is required when EVENT_STORE=kurrentdb');
  // Not `new URL()`: a connection string may list several nodes (`kurrentdb://a:2113,b:2113,c:2113`).
  if (!KURRENTDB_URL.test(url)) {
    throw new ConfigError(
      'KURRENTDB_URL',
      'must use kurrentdb://, kurrentdb+discover://, esdb:// or esdb+discover:// (host:port, or several separated by commas)',
    );
  }
  return { kind, url };
}

const KURRENTDB_URL =
  /^(kurrentdb|esdb|kdb)(\+discover)?:\/\/([^@/\s]+@)?[A-Za-z0-9.-]+(:\d+)?(,[A-Za-z0-9.-]+(:\d+)?)*\/?(\?\S*)?$/;

const BROKER = /^[A-Za-z0-9.-]+:\d{1,5}$/;

function readKafka(env: Env): KafkaConfig | undefined {
  const list = readOptionalString(env, 'KAFKA_BROKERS');
  if (list === undefined) return undefined;
  const brokers = list.split(',').map((broker) => broker.trim());
  const bad = brokers.find((broker) => !BROKER.test(broker));
  if (bad !== undefined) {
    throw new ConfigError('KAFKA_BROKERS', `must list host:port pairs separated by commas (got "${bad}")`);
  }
  const ssl = readChoice(env, 'KAFKA_SSL', ['true', 'false'], 'false') === 'true';
  const caFile = readOptionalString(env, 'KAFKA_SSL_CA_FILE');
  const mechanism = readChoice(
    env,
    'KAFKA_SASL_MECHANISM',
    ['none', 'plain', 'scram-sha-256', 'scram-sha-512'],
    'none',
  );
  return {
    brokers,
    clientId: readString(env, 'KAFKA_CLIENT_ID', 'coordination-ledger'),
    ssl: ssl ? (caFile ? { caFile } : {}) : undefined,
    sasl:
      mechanism === 'none'
        ? undefined
        : {
            mechanism,
            username: readString(env, 'KAFKA_SASL_USERNAME'),
            password: readString(env, 'KAFKA_SASL_PASSWORD'),
          },
    relay: {
      mode: readChoice(env, 'LEDGER_RELAY', ['in-process', 'external'], 'in-process'),
      prefix: readTopicPrefix(env),
      partitions: readInt(env, 'KAFKA_TOPIC_PARTITIONS', 6, { min: 1, max: 1_000 }),
      replicationFactor: readInt(env, 'KAFKA_REPLICATION_FACTOR', 1, { min: 1, max: 7 }),
      retentionMs: readInt(env, 'KAFKA_RETENTION_MS', -1, { min: -1, max: Number.MAX_SAFE_INTEGER }),
      source: readString(env, 'KAFKA_CE_SOURCE', '/coordination-ledger'),
    },
  };
}

function readTopicPrefix(env: Env): string {
  const prefix = readOptionalString(env, 'KAFKA_TOPIC_PREFIX') ?? '';
  if (!/^[A-Za-z0-9._-]*$/.test(prefix)) {
    throw new ConfigError(
      'KAFKA_TOPIC_PREFIX',
      `may hold only letters, digits, '.', '_' and '-' (got "${prefix}")`,
    );
  }
  return prefix;
}

/**
 * Every variable loadConfig reads, for tools that check deployment files against it (a test
 * keeps this list and the readers above in step).
 */
export const CONFIG_VARIABLES = [
  'AUTH_AUDIENCE',
  'AUTH_CLOCK_TOLERANCE_SECONDS',
  'AUTH_ISSUER',
  'AUTH_PUBLIC_KEY_FILE',
  'CORS_ORIGINS',
  'DATABASE_POOL_SIZE',
  'DATABASE_URL',
  'EVENT_STORE',
  'HEALTH_MAX_LAG_EVENTS',
  'HOST',
  'HTTP_BODY_LIMIT',
  'IDEMPOTENCY_RETENTION_HOURS',
  'KAFKA_BROKERS',
  'KAFKA_CE_SOURCE',
  'KAFKA_CLIENT_ID',
  'KAFKA_REPLICATION_FACTOR',
  'KAFKA_RETENTION_MS',
  'KAFKA_SASL_MECHANISM',
  'KAFKA_SASL_PASSWORD',
  'KAFKA_SASL_USERNAME',
  'KAFKA_SSL',
  'KAFKA_SSL_CA_FILE',
  'KAFKA_TOPIC_PARTITIONS',
  'KAFKA_TOPIC_PREFIX',
  'KURRENTDB_URL',
  'LEDGER_DATA_DIR',
  'LEDGER_DB_SCHEMA',
  'LEDGER_PROJECTOR',
  'LEDGER_RELAY',
  'LOG_LEVEL',
  'OIDC_AGENCY_CLAIM',
  'OIDC_ISSUER',
  'OIDC_JWKS_COOLDOWN_SECONDS',
  'OIDC_ROLE_CLAIM',
  'PERSONAL_DATA_MASTER_KEY',
  'PERSONAL_DATA_MASTER_KEY_FILE',
  'PORT',
  'RATE_LIMIT_PER_ACTOR',
  'RATE_LIMIT_PER_ADDRESS',
  'READ_YOUR_WRITES_TIMEOUT_MS',
  'TREE_HEAD_EVERY_EVENTS',
  'TREE_HEAD_EVERY_SECONDS',
  'TREE_HEAD_KEY_FILE',
] as const;

export const LEDGER_CONFIG = Symbol.for('ledger.Config');
