/**
 * The adapter with the real client, where no server is needed: input refused before any call,
 * the client's errors when no node answers, resubscription and shutdown. Everything that needs
 * a server is in test/conformance/kurrentdb.conformance.spec.ts.
 */
import { createServer } from 'node:net';
import { afterEach, describe, expect, it } from '@jest/globals';
import { v7 as uuidv7 } from 'uuid';
import { createPgliteClient } from '@ledger/sql';
import { createEventStore } from '../create-event-store.js';
import type { EventData } from '../event-store.port.js';
import { PostgresEventStore } from '../postgres/postgres-event-store.js';
import { isTransientKurrentError } from './kurrent-errors.js';
import { createKurrentDbEventStore, KurrentDbEventStore } from './kurrentdb-event-store.js';
import type { ResubscribeInfo } from './resubscribing-subscription.js';

/** A loopback port nothing listens on: connections are refused at once. */
async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

const event = (overrides: Partial<EventData> = {}): EventData => ({
  eventId: uuidv7(),
  type: 'ThingHappened',
  schemaVersion: 1,
  data: {},
  metadata: {},
  ...overrides,
});

describe('KurrentDbEventStore without a server', () => {
  const stores: KurrentDbEventStore[] = [];
  const open = async (options: Parameters<typeof createKurrentDbEventStore>[1] = {}) => {
    const store = createKurrentDbEventStore(`kurrentdb://127.0.0.1:${await closedPort()}?tls=false`, options);
    stores.push(store);
    return store;
  };
  afterEach(async () => {
    await Promise.all(stores.splice(0).map((store) => store.close()));
  });

  it('refuses malformed appends and what KurrentDB would not give back, before calling the server', async () => {
    const store = await open();
    const calls = [
      store.appendToStream('', [event()]),
      store.appendToStream('case-1', [event()], { expectedRevision: -1 as never }),
      store.appendToStream('case-1', [event({ eventId: 'not-a-uuid' })]),
      store.appendToStream('$case-1', [event()]),
      store.appendToStream('case-1', [event({ type: '$Snapshot' })]),
      store.appendToStream('case-1', [event({ metadata: { $schemaVersion: 2 } })]),
      store.appendToStream('case-1', [event({ metadata: { $ledgerHash: 'ab'.repeat(32) } })]),
      // The chain hashes plain JSON only: a Date would not read back as what was hashed.
      store.appendToStream('case-1', [event({ data: { at: new Date() } })]),
    ];
    for (const call of calls) await expect(call).rejects.toBeInstanceOf(TypeError);
    await expect(store.readStream('case-1', { fromRevision: -1 })).rejects.toBeInstanceOf(RangeError);
    await expect(store.readAll({ maxCount: 1.5 })).rejects.toBeInstanceOf(RangeError);
    expect(() => store.subscribeToAll({ batchSize: 0 })).toThrow(RangeError);
  });

  it('answers maxCount 0 without a round trip', async () => {
    const store = await open();
    expect(await store.readStream('case-1', { maxCount: 0 })).toEqual([]);
    expect(await store.readAll({ maxCount: 0 })).toEqual([]);
  });

  it('rejects with a transient client error when no node answers', async () => {
    const store = await open();
    const failures = await Promise.all(
      [
        store.appendToStream('case-1', [event()], { expectedRevision: 'no_stream' }),
        store.appendToStream('case-1', [], { expectedRevision: 'any' }),
        store.readStream('case-1'),
        store.readAll({ after: 10n, maxCount: 5 }),
        store.headPosition(),
      ].map((call) =>
        call.then(
          () => 'resolved',
          (error: unknown) => error,
        ),
      ),
    );
    for (const failure of failures) {
      expect(failure).toMatchObject({ type: 'unavailable' });
      expect(isTransientKurrentError(failure)).toBe(true);
    }
  });

  it('keeps resubscribing from its checkpoint while no node answers, until stopped', async () => {
    const reports: ResubscribeInfo[] = [];
    const store = await open({
      resubscribe: { minDelayMs: 5, maxDelayMs: 20 },
      onResubscribe: (r) => reports.push(r),
    });
    const subscription = store.subscribeToAll({ after: 4242n });
    const iteration = (async () => {
      for await (const _ of subscription) throw new Error('no event can arrive');
    })();
    const deadline = Date.now() + 15_000;
    while (reports.length < 3 && Date.now() < deadline)
      await new Promise((resolve) => setTimeout(resolve, 20));
    await subscription.stop();
    await iteration;

    expect(reports.length).toBeGreaterThanOrEqual(3);
    expect(reports.slice(0, 3).map((r) => r.attempt)).toEqual([1, 2, 3]);
    expect(reports.every((r) => r.after === 4242n)).toBe(true);
    expect(reports.every((r) => isTransientKurrentError(r.error))).toBe(true);
  });

  it('close() ends its subscriptions without an error, and refuses calls afterwards', async () => {
    const store = await open({ resubscribe: { minDelayMs: 5, maxDelayMs: 20 } });
    const subscription = store.subscribeToAll();
    let failure: unknown;
    const iteration = (async () => {
      for await (const _ of subscription) break;
    })().catch((error: unknown) => (failure = error));
    await new Promise((resolve) => setTimeout(resolve, 50));
    await store.close();
    await iteration;

    expect(failure).toBeUndefined();
    await expect(store.readStream('case-1')).rejects.toThrow(/closed/);
    expect(() => store.subscribeToAll()).toThrow(/closed/);
    await store.close();
  });
});

describe('createEventStore', () => {
  it('opens the PostgreSQL store in the given schema, or a KurrentDB store for a kurrentdb selection', async () => {
    const sql = await createPgliteClient();
    try {
      const postgres = await createEventStore({ kind: 'postgres' }, sql, { schema: 'ledger_factory' });
      expect(postgres).toBeInstanceOf(PostgresEventStore);
      expect((postgres as PostgresEventStore).schema).toBe('ledger_factory');
      await postgres.appendToStream('case-1', [event()]);
      expect(await postgres.readStream('case-1')).toHaveLength(1);
      await postgres.close();

      const kurrentdb = await createEventStore(
        { kind: 'kurrentdb', url: `kurrentdb://127.0.0.1:${await closedPort()}?tls=false` },
        sql,
        { kurrentdb: { streamPrefix: 'factory-' } },
      );
      expect(kurrentdb).toBeInstanceOf(KurrentDbEventStore);
      await kurrentdb.close();
    } finally {
      await sql.close();
    }
  });
});
