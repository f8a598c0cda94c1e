import { describe, expect, it } from '@jest/globals';
import fc from 'fast-check';
import { CONFIG_VARIABLES, ConfigError, loadConfig, parseMasterKeys } from './index.js';

describe('loadConfig', () => {
  it('defaults to the embedded store under ./data with no settings at all', () => {
    const config = loadConfig({});
    expect(config.database).toEqual({ kind: 'embedded', dataDir: expect.stringMatching(/data\/pglite$/) });
    expect(config.http.port).toBe(3000);
  });

  it('uses the PostgreSQL server when DATABASE_URL is set', () => {
    const config = loadConfig({
      DATABASE_URL: 'postgres://postgres@127.0.0.1:5432/test',
      DATABASE_POOL_SIZE: '8',
    });
    expect(config.database).toEqual({
      kind: 'server',
      url: 'postgres://postgres@127.0.0.1:5432/test',
      poolSize: 8,
    });
  });

  it('knows every variable it reads: CONFIG_VARIABLES lists exactly the names in its source', async () => {
    const { readFile } = await import('node:fs/promises');
    const source = await readFile(new URL('./ledger-config.ts', import.meta.url), 'utf8');
    const read = new Set([...source.matchAll(/read\w*\(\s*env,\s*'([A-Z_]+)'/g)].map((m) => m[1]));
    expect([...read].sort()).toEqual([...CONFIG_VARIABLES].sort());
  });

  it('uses KurrentDB as the event store only when asked, and then needs its URL', () => {
    expect(loadConfig({}).eventStore).toEqual({ kind: 'postgres' });
    expect(
      loadConfig({
        EVENT_STORE: 'kurrentdb',
        KURRENTDB_URL: 'kurrentdb+discover://admin:changeit@kurrentdb:2113?tls=true',
      }).eventStore,
    ).toEqual({ kind: 'kurrentdb', url: 'kurrentdb+discover://admin:changeit@kurrentdb:2113?tls=true' });
    expect(() => loadConfig({ EVENT_STORE: 'kurrentdb' })).toThrow(
      'Configuration error: KURRENTDB_URL is required when EVENT_STORE=kurrentdb',
    );
    expect(() => loadConfig({ EVENT_STORE: 'kurrentdb', KURRENTDB_URL: 'http://x' })).toThrow(
      /KURRENTDB_URL must use/,
    );
  });

  it('publishes to Kafka only when KAFKA_BROKERS is set, with the relay in-process by default', () => {
    expect(loadConfig({}).kafka).toBeUndefined();
    const kafka = loadConfig({
      KAFKA_BROKERS: 'kafka-0:9092, kafka-1:9092',
      KAFKA_SSL: 'true',
      KAFKA_SASL_MECHANISM: 'scram-sha-512',
      KAFKA_SASL_USERNAME: 'ledger',
      KAFKA_SASL_PASSWORD: 'secret',
      KAFKA_REPLICATION_FACTOR: '3',
    }).kafka;
    expect(kafka).toEqual({
      brokers: ['kafka-0:9092', 'kafka-1:9092'],
      clientId: 'coordination-ledger',
      ssl: {},
      sasl: { mechanism: 'scram-sha-512', username: 'ledger', password: 'secret' },
      relay: {
        mode: 'in-process',
        prefix: '',
        partitions: 6,
        replicationFactor: 3,
        retentionMs: -1,
        source: '/coordination-ledger',
      },
    });
  });

  it.each([
    [{ PORT: 'eighty' }, 'Configuration error: PORT must be a whole number from 0 to 65535 (got "eighty")'],
    [{ PORT: '70000' }, 'Configuration error: PORT must be a whole number from 0 to 65535 (got "70000")'],
    [
      { DATABASE_URL: 'mysql://x@y/z' },
      'Configuration error: DATABASE_URL must use postgres or postgresql:// (got mysql://)',
    ],
    [
      { DATABASE_URL: 'not a url' },
      'Configuration error: DATABASE_URL must be a URL (postgres://… or postgresql://…)',
    ],
    [
      { LOG_LEVEL: 'loud' },
      'Configuration error: LOG_LEVEL must be one of error, warn, log, debug, verbose (got "loud")',
    ],
    [
      { LEDGER_DB_SCHEMA: 'Robert"; drop' },
      expect.stringContaining('LEDGER_DB_SCHEMA must be a lower-case SQL identifier'),
    ],
    [
      { KAFKA_BROKERS: '127.0.0.1:9092,kafka one' },
      'Configuration error: KAFKA_BROKERS must list host:port pairs separated by commas (got "kafka one")',
    ],
    [
      { KAFKA_BROKERS: 'kafka:9092', KAFKA_SASL_MECHANISM: 'plain' },
      'Configuration error: KAFKA_SASL_USERNAME is required but not set',
    ],
    [
      { HTTP_BODY_LIMIT: 'lots' },
      'Configuration error: HTTP_BODY_LIMIT must look like 256kb or 1mb (got "lots")',
    ],
    [
      { OIDC_ISSUER: 'http://idp.example.org/realms/ledger' },
      'Configuration error: OIDC_ISSUER must use https:// (http:// only on the loopback interface)',
    ],
    [
      { OIDC_ISSUER: 'https://idp.example.org', AUTH_PUBLIC_KEY_FILE: '/etc/key.pem' },
      'Configuration error: AUTH_PUBLIC_KEY_FILE cannot be set together with OIDC_ISSUER: pick one source of keys',
    ],
  ])('stops on a bad value with one line naming the setting: %j', (env, message) => {
    expect(() => loadConfig(env)).toThrow(ConfigError);
    expect(() => loadConfig(env)).toThrow(expect.objectContaining({ message }));
  });

  it('takes the issuer of tokens from OIDC_ISSUER when one is set, with its claims and key-set cooldown', () => {
    expect(loadConfig({}).auth).toMatchObject({ issuer: 'coordination-ledger', oidcIssuer: undefined });
    const { auth } = loadConfig({
      OIDC_ISSUER: 'https://idp.example.org/realms/ledger',
      AUTH_ISSUER: 'ignored',
      OIDC_AGENCY_CLAIM: 'ledger_agency',
      OIDC_ROLE_CLAIM: 'ledger_role',
      OIDC_JWKS_COOLDOWN_SECONDS: '5',
    });
    expect(auth).toMatchObject({
      issuer: 'https://idp.example.org/realms/ledger',
      oidcIssuer: 'https://idp.example.org/realms/ledger',
      claims: { agency: 'ledger_agency', role: 'ledger_role' },
      keySetCooldownSeconds: 5,
    });
    expect(loadConfig({ OIDC_ISSUER: 'http://127.0.0.1:8080' }).auth.oidcIssuer).toBe(
      'http://127.0.0.1:8080',
    );
  });

  describe('personal-data master keys', () => {
    const keyA = Buffer.alloc(32, 1).toString('base64');
    const keyB = Buffer.alloc(32, 2).toString('base64');

    it('defaults to a key file under LEDGER_DATA_DIR, generated on first start', () => {
      expect(loadConfig({ LEDGER_DATA_DIR: '/var/lib/ledger' }).personalData).toEqual({
        masterKeys: undefined,
        masterKeyFile: '/var/lib/ledger/personal-data-master.key',
        generateMasterKey: true,
      });
    });

    it('reads a configured key file and never generates one', () => {
      expect(loadConfig({ PERSONAL_DATA_MASTER_KEY_FILE: '/etc/ledger/pd/master.key' }).personalData).toEqual(
        {
          masterKeys: undefined,
          masterKeyFile: '/etc/ledger/pd/master.key',
          generateMasterKey: false,
        },
      );
    });

    it('names a bare key by a fingerprint of itself, the same wherever it is configured', () => {
      const [key] = loadConfig({ PERSONAL_DATA_MASTER_KEY: keyA }).personalData.masterKeys ?? [];
      expect(key?.keyId).toMatch(/^fp-[0-9a-f]{16}$/);
      expect(Buffer.from(key!.key)).toEqual(Buffer.alloc(32, 1));
      expect(parseMasterKeys(`\n${keyA}\n`, 'X')[0]?.keyId).toBe(key?.keyId);
      expect(parseMasterKeys(keyB, 'X')[0]?.keyId).not.toBe(key?.keyId);
    });

    it('keeps keyId:base64 entries in order for rotation: the first wraps', () => {
      const { personalData } = loadConfig({ PERSONAL_DATA_MASTER_KEY: `2025-b:${keyB}, 2024-a:${keyA}` });
      expect(personalData.masterKeys?.map((k) => k.keyId)).toEqual(['2025-b', '2024-a']);
      expect(personalData.masterKeyFile).toBeUndefined();
      expect(personalData.generateMasterKey).toBe(false);
    });

    it.each([
      [
        { PERSONAL_DATA_MASTER_KEY: 'c2hvcnQ=' },
        'PERSONAL_DATA_MASTER_KEY must be the base64 of 32 random bytes',
      ],
      [
        { PERSONAL_DATA_MASTER_KEY: Buffer.alloc(33).toString('base64') },
        'PERSONAL_DATA_MASTER_KEY must be the base64 of 32 random bytes',
      ],
      [
        { PERSONAL_DATA_MASTER_KEY: `a:${keyA},b:${keyB.slice(1)}` },
        'PERSONAL_DATA_MASTER_KEY must be the base64 of 32 random bytes, or keyId:base64, comma-separated for rotation (entry 2)',
      ],
      [{ PERSONAL_DATA_MASTER_KEY: `bad/id:${keyA}` }, 'PERSONAL_DATA_MASTER_KEY has a key id'],
      [{ PERSONAL_DATA_MASTER_KEY: `:${keyA}` }, 'PERSONAL_DATA_MASTER_KEY has a key id'],
      [
        { PERSONAL_DATA_MASTER_KEY: `a:${keyA},a:${keyB}` },
        'PERSONAL_DATA_MASTER_KEY names key id "a" twice',
      ],
      [{ PERSONAL_DATA_MASTER_KEY: ' , ' }, 'PERSONAL_DATA_MASTER_KEY holds no key'],
      [
        { PERSONAL_DATA_MASTER_KEY: keyA, PERSONAL_DATA_MASTER_KEY_FILE: '/etc/key' },
        'PERSONAL_DATA_MASTER_KEY_FILE cannot be set together with PERSONAL_DATA_MASTER_KEY',
      ],
    ])('stops on a malformed master key, naming the variable and not the key: %j', (env, message) => {
      let error: unknown;
      try {
        loadConfig(env);
      } catch (caught) {
        error = caught;
      }
      expect(error).toBeInstanceOf(ConfigError);
      expect((error as ConfigError).message).toContain(`Configuration error: ${message}`);
      expect((error as ConfigError).message).not.toContain(keyA.slice(0, 20));
      expect((error as ConfigError).message).not.toContain(keyB.slice(1, 20));
    });
  });

  it('never accepts a port that is not a whole number in range', () => {
    fc.assert(
      fc.property(fc.string(), (raw) => {
        const valid = /^\s*-?\d+\s*$/.test(raw) && Number(raw) >= 0 && Number(raw) <= 65535;
        let accepted: boolean;
        try {
          accepted = Number.isInteger(loadConfig({ PORT: raw }).http.port);
        } catch (error) {
          if (!(error instanceof ConfigError)) throw error;
          accepted = false;
        }
        return accepted === valid || raw.trim() === '';
      }),
    );
  });
});
