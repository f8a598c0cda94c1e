/**
 * The access log through the real API: every failed sign-in and every denial becomes an `AccessLogged` event in the
 * ledger's own `access-<day>` streams (hash-chained like every record), the auditor reads them back through
 * GET /audit/access-log, and what is still buffered when the ledger stops is appended before its store closes.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { exportPKCS8, generateKeyPair } from 'jose';
import { ensureDevSigningKey, mintToken, Role } from '@ledger/auth';
import { loadConfig } from '@ledger/config';
import { createPostgresEventStore, type RecordedEvent } from '@ledger/event-store';
import { eventHash, GENESIS_HASH, verifyChain } from '@ledger/ledger-integrity';
import { createPgClient, createPgliteClient, createSqlClient } from '@ledger/sql';
import { createLedgerApp } from '../../apps/ledger-api/src/app.js';
import { LedgerAccessLog } from '../../apps/ledger-api/src/infrastructure/access-log/ledger-access-log.js';
import { type Backend, ledgerBackends, type RunningLedger, startLedger } from '../support/ledger-app.js';
import { accessLogEvents, ledgerRecordsHead } from '../support/ledger-records.js';
import { operationWithRaid, PARTICIPANT, raidBody } from '../support/scenario.js';
import { uniqueSchemaName } from '../support/infra.js';
import type { AccessLogEntryView } from '../../apps/ledger-api/src/audit/get-access-log/get-access-log.query.js';

const OP = 'op-access-log';
const OUTSIDER = 'military-police';

type Entry = AccessLogEntryView;

const backends = await ledgerBackends();

describe.each(backends)('the access log through HTTP ($name)', (backend) => {
  let ledger: RunningLedger;
  let auditor: string;

  /** The auditor's view of the access log since yesterday (the endpoint waits for what was recorded before it). */
  const accessLog = async (filters = ''): Promise<Entry[]> => {
    const yesterday = new Date(Date.now() - 86_400_000).toISOString().slice(0, 10);
    const answer = await ledger.request('GET', `/audit/access-log?from=${yesterday}${filters}`, {
      token: auditor,
    });
    expect(answer.status).toBe(200);
    return answer.body.entries;
  };
  const at = (entries: Entry[], resource: string) => entries.filter((entry) => entry.resource === resource);

  beforeAll(async () => {
    ledger = await startLedger(backend);
    auditor = await ledger.token('ncct', 'auditor');
    await operationWithRaid(ledger, OP);
  });
  afterAll(() => ledger?.close());

  it('leaves one sign-in-failed entry for a missing, forged, expired or wrong-audience token, without the token', async () => {
    const { privateKey } = await generateKeyPair('EdDSA', { extractable: true });
    const { privateKeyPem } = await ensureDevSigningKey(ledger.config.dataDir);
    const claims = {
      privateKeyPem,
      issuer: ledger.config.auth.issuer,
      audience: ledger.config.auth.audience,
      userId: 'mallory',
      agencyId: PARTICIPANT,
      role: Role.Officer,
    };
    const real = await ledger.token(PARTICIPANT, 'officer');
    const tokens = {
      missing: undefined,
      forged: await mintToken({ ...claims, privateKeyPem: await exportPKCS8(privateKey) }),
      expired: await mintToken({ ...claims, expiresIn: Math.floor(Date.now() / 1000) - 3600 }),
      'wrong-audience': await mintToken({ ...claims, audience: 'another-system' }),
    };
    for (const [kind, token] of Object.entries(tokens)) {
      // A token in the query string must not reach the log either: the resource is the path alone.
      const answer = await ledger.request('GET', `/operations/signin-${kind}?access_token=${real}`, {
        ...(token && { token }),
      });
      expect([kind, answer.status]).toEqual([kind, 401]);
    }

    const entries = await accessLog('&outcome=sign-in-failed');
    for (const kind of Object.keys(tokens)) {
      const mine = at(entries, `/operations/signin-${kind}`);
      expect([kind, mine.length]).toEqual([kind, 1]);
      expect(mine[0]).toEqual({
        eventId: expect.any(String),
        position: expect.stringMatching(/^\d+$/),
        time: expect.any(String),
        outcome: 'sign-in-failed',
        address: expect.stringMatching(/127\.0\.0\.1$/),
        method: 'GET',
        resource: `/operations/signin-${kind}`,
        reason: kind === 'missing' ? 'missing bearer token' : 'invalid bearer token',
      });
    }
    const stored = JSON.stringify(
      (await accessLogEvents(ledger.store)).map(({ position, createdAt, ...event }) => ({
        ...event,
        position: String(position),
        createdAt,
      })),
    );
    for (const token of [real, ...Object.values(tokens)].filter((t): t is string => t !== undefined)) {
      expect(stored).not.toContain(token);
      // Not even the signature alone.
      expect(stored).not.toContain(token.split('.')[2]);
    }
    expect(stored).not.toContain('access_token');
  });

  it('leaves a denied entry naming the actor, the agency, the resource and the reason, and nothing of the body', async () => {
    const before = await ledgerRecordsHead(ledger.store);
    const analyst = await ledger.token('ncct', 'analyst');
    const byRole = await ledger.request('POST', `/operations/${OP}/offences`, {
      token: analyst,
      body: { offences: ['human-trafficking'], occurredAt: '2022-09-21T10:00:00+07:00' },
    });
    expect(byRole.status).toBe(403);
    const outsider = await ledger.request('POST', `/operations/${OP}/raids`, {
      token: await ledger.token(OUTSIDER, 'officer'),
      body: raidBody('raid-by-outsider'),
    });
    expect(outsider.status).toBe(403);
    expect(outsider.body.rule).toBe('agency-not-participating');
    // Denied: no record moved, only the access log grew.
    expect(await ledgerRecordsHead(ledger.store)).toBe(before);

    const denied = await accessLog('&outcome=denied');
    expect(at(denied, `/operations/${OP}/offences`)).toEqual([
      {
        eventId: expect.any(String),
        position: expect.any(String),
        time: expect.any(String),
        outcome: 'denied',
        actor: { userId: 'analyst@ncct', agencyId: 'ncct', role: 'analyst' },
        address: expect.stringMatching(/127\.0\.0\.1$/),
        method: 'POST',
        resource: `/operations/${OP}/offences`,
        permission: 'operation.record',
        reason: 'role analyst may not operation.record',
      },
    ]);
    const [byRule] = at(denied, `/operations/${OP}/raids`);
    expect(byRule).toMatchObject({
      outcome: 'denied',
      actor: { userId: `officer@${OUTSIDER}`, agencyId: OUTSIDER, role: 'officer' },
      method: 'POST',
      permission: 'rule:agency-not-participating',
      reason: expect.stringContaining(`agency ${OUTSIDER} does not participate in operation ${OP}`),
    });

    // Filtered by the caller's agency: the outsider's denial, not the analyst's.
    const outsiders = await accessLog(`&agencyId=${OUTSIDER}`);
    expect(outsiders.length).toBeGreaterThan(0);
    expect(outsiders.every((entry) => entry.actor?.agencyId === OUTSIDER)).toBe(true);

    const stored = (await accessLogEvents(ledger.store)).filter((event) =>
      [byRule!.eventId, at(denied, `/operations/${OP}/offences`)[0]!.eventId].includes(event.eventId),
    );
    expect(stored).toHaveLength(2);
    for (const event of stored) {
      expect(event).toMatchObject({ type: 'AccessLogged', schemaVersion: 1 });
      expect(Object.keys(event.data).sort()).toEqual(
        ['actor', 'address', 'method', 'occurredAt', 'outcome', 'permission', 'reason', 'resource'].sort(),
      );
      // The envelope of every other event: who, for which agency, when, and the request's correlation.
      expect(event.metadata).toEqual({
        correlationId: expect.any(String),
        causationId: expect.any(String),
        actor: (event.data as { actor: unknown }).actor,
        occurredAt: (event.data as { occurredAt: string }).occurredAt,
        recordedAt: expect.any(String),
      });
      expect(JSON.stringify([event.data, event.metadata])).not.toMatch(/human-trafficking|raid-by-outsider/);
    }
  });

  it('answers 403 to an officer asking for the access log, and logs that denial too', async () => {
    const officer = await ledger.token(PARTICIPANT, 'officer');
    const refused = await ledger.request('GET', '/audit/access-log', { token: officer });
    expect(refused.status).toBe(403);
    expect(refused.body.permission).toBe('access-log.read');
    expect(at(await accessLog('&outcome=denied'), '/audit/access-log')).toEqual([
      expect.objectContaining({
        actor: { userId: `officer@${PARTICIPANT}`, agencyId: PARTICIPANT, role: 'officer' },
        method: 'GET',
        permission: 'access-log.read',
        reason: 'role officer may not access-log.read',
      }),
    ]);
    // The admin reads it too; the auditor's own reads are logged as granted.
    const admin = await ledger.request('GET', '/audit/access-log', {
      token: await ledger.token('gdi', 'admin'),
    });
    expect(admin.status).toBe(200);
    const granted = at(await accessLog('&outcome=granted'), '/audit/access-log');
    expect(granted.length).toBeGreaterThan(0);
    expect(granted[0]).toMatchObject({ permission: 'access-log.read', actor: { role: 'auditor' } });
  });

  it('answers newest last, at most limit entries, and refuses a malformed or too long period', async () => {
    const all = await accessLog();
    const positions = all.map((entry) => BigInt(entry.position));
    expect(positions).toEqual([...positions].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0)));
    const today = new Date().toISOString().slice(0, 10);
    const last = await ledger.request('GET', `/audit/access-log?from=${today}&to=${today}&limit=2`, {
      token: auditor,
    });
    expect(last.body.truncated).toBe(true);
    expect(last.body.entries).toHaveLength(2);
    // The newest two; the read before this one logged itself, so it is among them.
    expect(BigInt(last.body.entries[1].position)).toBeGreaterThan(positions.at(-1)!);

    const problems = await Promise.all(
      [
        '?from=2022-09-30&to=2022-09-01',
        '?from=2022-01-01&to=2022-02-01',
        '?from=2022-02-30',
        '?outcome=maybe',
        '?agencyId=Not%20An%20Agency',
        '?limit=0',
        '?limit=1001',
        '?limit=1e2',
      ].map(async (query) => [
        query,
        (await ledger.request('GET', `/audit/access-log${query}`, { token: auditor })).status,
      ]),
    );
    expect(problems).toEqual(problems.map(([query]) => [query, 400]));
    const month = await ledger.request('GET', '/audit/access-log?from=2022-09-01&to=2022-10-01', {
      token: auditor,
    });
    expect(month.status).toBe(200);
    expect(month.body).toEqual({ from: '2022-09-01', to: '2022-10-01', entries: [], truncated: false });
  });

  it('keeps the entries in the hash chain of their day, like every record', async () => {
    const events = await accessLogEvents(ledger.store);
    expect(events.length).toBeGreaterThan(5);
    const byStream = new Map<string, RecordedEvent[]>();
    for (const event of events)
      byStream.set(event.streamId, [...(byStream.get(event.streamId) ?? []), event]);
    for (const [streamId, stream] of byStream) {
      expect(streamId).toMatch(/^access-\d{4}-\d{2}-\d{2}$/);
      stream.sort((a, b) => a.revision - b.revision);
      expect(stream.map((event) => event.revision)).toEqual(stream.map((_, i) => i));
      let previousHash = GENESIS_HASH;
      for (const event of stream) {
        expect(event.hash).toMatch(/^[0-9a-f]{64}$/);
        expect(event.hash).toBe(eventHash({ ...event, previousHash }));
        previousHash = event.hash;
      }
      expect(verifyChain(stream)).toMatchObject({ valid: true, count: stream.length });
    }
  });
});

describe.each(backends)('the access log at shutdown ($name)', (backend: Backend) => {
  it('appends the entries still buffered when the ledger stops, before its store closes', async () => {
    const dataDir = await mkdtemp(join(tmpdir(), 'ledger-access-log-'));
    const schema = uniqueSchemaName('access');
    const config = loadConfig({
      LEDGER_DATA_DIR: dataDir,
      LEDGER_DB_SCHEMA: schema,
      PORT: '0',
      ...(backend.name === 'postgres' ? { DATABASE_URL: backend.url, DATABASE_POOL_SIZE: '4' } : {}),
    });
    const app = await createLedgerApp(config, { logger: false });
    try {
      await app.listen(0, '127.0.0.1');
      const { port } = app.getHttpServer().address() as { port: number };
      const unauthenticated = await fetch(`http://127.0.0.1:${port}/operations/at-shutdown`);
      expect(unauthenticated.status).toBe(401);
      const accessLog = app.get(LedgerAccessLog);
      // More than a batch, recorded just before stopping: at least the last ones are still in the buffer.
      for (let n = 0; n < 150; n++) {
        accessLog.record({ outcome: 'denied', permission: 'test', reason: `buffered at shutdown ${n}` });
      }
      expect(accessLog.pending).toBeGreaterThan(0);
    } finally {
      await app.close();
    }

    const sql =
      config.database.kind === 'server'
        ? createPgClient({ connectionString: config.database.url, max: 2 })
        : await createPgliteClient({ dataDir: config.database.dataDir });
    try {
      const store = await createPostgresEventStore(sql, { schema: config.schema });
      const events = await accessLogEvents(store);
      const reasons = events.map((event) => (event.data as { reason: string }).reason);
      expect(reasons.filter((reason) => reason.startsWith('buffered at shutdown'))).toEqual(
        Array.from({ length: 150 }, (_, n) => `buffered at shutdown ${n}`),
      );
      expect(
        events.filter((event) => (event.data as { resource: string }).resource === '/operations/at-shutdown'),
      ).toHaveLength(1);
      await store.close();
    } finally {
      await sql.close();
      if (backend.name === 'postgres') {
        const admin = await createSqlClient(backend.url);
        await admin.query(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`);
        await admin.close();
      }
      await rm(dataDir, { recursive: true, force: true });
    }
  });
});
