/**
 * The behaviour every EventStore adapter must show, stated through the port alone so the same
 * suite runs against PostgreSQL, PGlite and KurrentDB.
 *
 * Stores may make the global log visible a little after an append returns (PostgreSQL waits for
 * older transactions anywhere in the cluster), so global reads go through `eventually`, and
 * every test looks only at the streams it created.
 */
import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { v7 as uuidv7 } from 'uuid';
import {
  DuplicateEventIdError,
  WrongExpectedRevisionError,
  type AppendResult,
  type EventData,
  type EventStore,
  type EventSubscription,
  type ExpectedRevision,
  type JsonObject,
  type RecordedEvent,
} from '@ledger/event-store';
import { GENESIS_HASH, eventHash, verifyChain } from '@ledger/ledger-integrity';

export interface ConformanceSubject {
  store: EventStore;
  /** Closes the store and frees whatever the factory created. */
  dispose(): Promise<void>;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

function event(data: JsonObject = {}, type = 'ThingHappened', metadata: JsonObject = {}): EventData {
  return { eventId: uuidv7(), type, schemaVersion: 1, data, metadata };
}

function events(count: number): EventData[] {
  return Array.from({ length: count }, (_, i) => event({ i }));
}

async function rejectionOf(promise: Promise<unknown>): Promise<unknown> {
  return promise.then(
    () => {
      throw new Error('expected the call to be rejected');
    },
    (err: unknown) => err,
  );
}

/** Retries an assertion until it holds or the time is up, then rethrows its last failure. */
async function eventually<T>(check: () => Promise<T>, timeoutMs = 10_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    try {
      return await check();
    } catch (err) {
      if (Date.now() > deadline) throw err;
      await sleep(10);
    }
  }
}

interface Collector {
  readonly seen: RecordedEvent[];
  /** Settles when the iteration ends; rejects with the iterator's error. */
  readonly done: Promise<void>;
  error: unknown;
}

function collect(subscription: EventSubscription, stopAfter = Infinity): Collector {
  const seen: RecordedEvent[] = [];
  const collector: Collector = {
    seen,
    error: undefined,
    done: (async () => {
      for await (const recorded of subscription) {
        seen.push(recorded);
        if (seen.length >= stopAfter) break;
      }
    })().catch((err: unknown) => {
      collector.error = err;
      throw err;
    }),
  };
  return collector;
}

/** Waits until `condition` holds, the collector fails, or the time is up (then returns false). */
async function until(collector: Collector, condition: () => boolean, timeoutMs = 15_000): Promise<boolean> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (collector.error !== undefined) throw collector.error;
    if (Date.now() > deadline) return false;
    await sleep(5);
  }
  return true;
}

const ids = (list: readonly { eventId: string }[]) => list.map((e) => e.eventId);

export function describeEventStoreConformance(
  name: string,
  factory: () => Promise<ConformanceSubject>,
): void {
  describe(`event store conformance: ${name}`, () => {
    let subject: ConformanceSubject | undefined;
    let store: EventStore;
    const run = randomBytes(4).toString('hex');
    let streams = 0;
    const streamOf = (category: string) => `${category}-${run}x${++streams}`;

    /** The global log after `after`, restricted to `own` streams. */
    const readOwn = async (after: bigint, own: ReadonlySet<string>) =>
      (await store.readAll({ after })).filter((e) => own.has(e.streamId));

    beforeAll(async () => {
      subject = await factory();
      store = subject.store;
    });
    afterAll(async () => {
      await subject?.dispose();
    });

    describe('expected revision', () => {
      it('appends to a new stream when expecting no_stream, numbering revisions from 0', async () => {
        const stream = streamOf('case');
        const batch = events(3);
        const result = await store.appendToStream(stream, batch, { expectedRevision: 'no_stream' });

        expect(result.nextRevision).toBe(2);
        const read = await store.readStream(stream);
        expect(ids(read)).toEqual(ids(batch));
        expect(read.map((e) => e.revision)).toEqual([0, 1, 2]);
        expect(read.map((e) => e.streamId)).toEqual([stream, stream, stream]);
        expect(read[2]?.position).toBe(result.position);
      });

      it('rejects no_stream on a stream that has events, reporting its last revision', async () => {
        const stream = streamOf('case');
        await store.appendToStream(stream, events(2));

        const err = await rejectionOf(
          store.appendToStream(stream, [event()], { expectedRevision: 'no_stream' }),
        );
        expect(err).toBeInstanceOf(WrongExpectedRevisionError);
        expect(err).toMatchObject({ streamId: stream, expected: 'no_stream', actual: 1 });
      });

      it('appends when the exact expected revision is the last revision of the stream', async () => {
        const stream = streamOf('case');
        const first = await store.appendToStream(stream, events(2), { expectedRevision: 'no_stream' });
        const second = await store.appendToStream(stream, events(2), {
          expectedRevision: first.nextRevision,
        });

        expect(second.nextRevision).toBe(3);
        expect(second.position > first.position).toBe(true);
        expect((await store.readStream(stream)).map((e) => e.revision)).toEqual([0, 1, 2, 3]);
      });

      it('rejects a stale exact revision, reports the actual one and writes none of the events', async () => {
        const stream = streamOf('case');
        await store.appendToStream(stream, events(3));
        const rejected = events(2);

        const err = await rejectionOf(store.appendToStream(stream, rejected, { expectedRevision: 0 }));
        expect(err).toBeInstanceOf(WrongExpectedRevisionError);
        expect(err).toMatchObject({ streamId: stream, expected: 0, actual: 2 });
        expect(ids(await store.readStream(stream))).not.toContain(rejected[0]?.eventId);
        expect(await store.readStream(stream)).toHaveLength(3);
      });

      it('rejects an exact revision ahead of the stream', async () => {
        const stream = streamOf('case');
        await store.appendToStream(stream, events(1));

        const err = await rejectionOf(store.appendToStream(stream, [event()], { expectedRevision: 5 }));
        expect(err).toMatchObject({ name: 'WrongExpectedRevisionError', expected: 5, actual: 0 });
      });

      it('rejects an exact revision on a stream that does not exist, reporting no_stream', async () => {
        const stream = streamOf('case');
        const err = await rejectionOf(store.appendToStream(stream, [event()], { expectedRevision: 0 }));

        expect(err).toBeInstanceOf(WrongExpectedRevisionError);
        expect(err).toMatchObject({ streamId: stream, expected: 0, actual: 'no_stream' });
        expect(await store.readStream(stream)).toEqual([]);
      });

      it('appends with stream_exists to a stream that has events', async () => {
        const stream = streamOf('case');
        await store.appendToStream(stream, events(1));
        const result = await store.appendToStream(stream, events(2), { expectedRevision: 'stream_exists' });

        expect(result.nextRevision).toBe(2);
      });

      it('rejects stream_exists on a stream that does not exist, without creating it', async () => {
        const stream = streamOf('case');
        const err = await rejectionOf(
          store.appendToStream(stream, [event()], { expectedRevision: 'stream_exists' }),
        );

        expect(err).toBeInstanceOf(WrongExpectedRevisionError);
        expect(err).toMatchObject({ streamId: stream, expected: 'stream_exists', actual: 'no_stream' });
        await expect(
          store.appendToStream(stream, [event()], { expectedRevision: 'no_stream' }),
        ).resolves.toMatchObject({
          nextRevision: 0,
        });
      });

      it('appends with any, the default, to new and existing streams alike', async () => {
        const stream = streamOf('case');
        const created = await store.appendToStream(stream, events(2));
        const extended = await store.appendToStream(stream, events(1), { expectedRevision: 'any' });

        expect(created.nextRevision).toBe(1);
        expect(extended.nextRevision).toBe(2);
        expect(await store.readStream(stream)).toHaveLength(3);
      });

      it('refuses an expected revision that is not a mode or a revision >= 0', async () => {
        const stream = streamOf('case');
        for (const bad of [-1, 1.5, 'latest'] as unknown as ExpectedRevision[]) {
          await expect(store.appendToStream(stream, [event()], { expectedRevision: bad })).rejects.toThrow();
        }
        expect(await store.readStream(stream)).toEqual([]);
      });
    });

    describe('appending nothing', () => {
      it('writes nothing and reports the current revision and last position of the stream', async () => {
        const stream = streamOf('case');
        const last = await store.appendToStream(stream, events(2));
        const result = await store.appendToStream(stream, [], { expectedRevision: 1 });

        expect(result).toEqual(last);
        expect(await store.readStream(stream)).toHaveLength(2);
      });

      it('does not create a missing stream and reports revision -1', async () => {
        const stream = streamOf('case');
        const result = await store.appendToStream(stream, [], { expectedRevision: 'no_stream' });

        expect(result.nextRevision).toBe(-1);
        expect(await store.readStream(stream)).toEqual([]);
        await expect(
          store.appendToStream(stream, [event()], { expectedRevision: 'no_stream' }),
        ).resolves.toMatchObject({
          nextRevision: 0,
        });
      });

      it('still checks the expected revision', async () => {
        const stream = streamOf('case');
        await store.appendToStream(stream, events(1));

        const err = await rejectionOf(store.appendToStream(stream, [], { expectedRevision: 'no_stream' }));
        expect(err).toMatchObject({ name: 'WrongExpectedRevisionError', actual: 0 });
      });
    });

    describe('idempotency', () => {
      it('re-appending the same event ids returns the original result and writes nothing, whatever the expectation', async () => {
        const stream = streamOf('case');
        const batch = events(2);
        const original = await store.appendToStream(stream, batch, { expectedRevision: 'no_stream' });
        const later = await store.appendToStream(stream, events(1), { expectedRevision: 1 });

        for (const expectedRevision of ['no_stream', 'any', 'stream_exists', 0, 1, 2] as ExpectedRevision[]) {
          const replay = await store.appendToStream(stream, batch, { expectedRevision });
          expect({ expectedRevision, replay }).toEqual({ expectedRevision, replay: original });
        }
        const read = await store.readStream(stream);
        expect(read.map((e) => e.revision)).toEqual([0, 1, 2]);
        expect(read[2]?.position).toBe(later.position);
        const head = await store.appendToStream(stream, [], { expectedRevision: 2 });
        expect(head).toEqual(later);
      });

      it('rejects an append that mixes stored event ids with new ones and writes none of it', async () => {
        const stream = streamOf('case');
        const batch = events(2);
        await store.appendToStream(stream, batch);
        const fresh = event();

        const err = await rejectionOf(store.appendToStream(stream, [batch[1]!, fresh]));
        expect(err).toBeInstanceOf(DuplicateEventIdError);
        expect(err).toMatchObject({ eventId: batch[1]!.eventId, streamId: stream });
        expect(ids(await store.readStream(stream))).toEqual(ids(batch));
        // The new id was not stored either: it can still be appended.
        await expect(store.appendToStream(stream, [fresh], { expectedRevision: 1 })).resolves.toMatchObject({
          nextRevision: 2,
        });
      });

      it('rejects stored event ids sent again in another order', async () => {
        const stream = streamOf('case');
        const batch = events(2);
        await store.appendToStream(stream, batch);

        const err = await rejectionOf(store.appendToStream(stream, [batch[1]!, batch[0]!]));
        expect(err).toBeInstanceOf(DuplicateEventIdError);
        expect(await store.readStream(stream)).toHaveLength(2);
      });

      it('rejects an event id already stored in another stream, without creating that stream', async () => {
        const stream = streamOf('case');
        const other = streamOf('case');
        const batch = events(1);
        await store.appendToStream(stream, batch);

        const err = await rejectionOf(store.appendToStream(other, batch));
        expect(err).toBeInstanceOf(DuplicateEventIdError);
        expect(err).toMatchObject({ eventId: batch[0]!.eventId, streamId: other });
        expect(await store.readStream(other)).toEqual([]);
      });

      it('rejects the same event id twice in one append', async () => {
        const stream = streamOf('case');
        const twice = event();

        await expect(store.appendToStream(stream, [twice, { ...twice }])).rejects.toBeInstanceOf(
          DuplicateEventIdError,
        );
        expect(await store.readStream(stream)).toEqual([]);
      });
    });

    describe('reading', () => {
      it('reads a stream from a revision, at most maxCount events', async () => {
        const stream = streamOf('case');
        const batch = events(5);
        await store.appendToStream(stream, batch);

        expect(ids(await store.readStream(stream, { fromRevision: 2 }))).toEqual(ids(batch.slice(2)));
        expect(ids(await store.readStream(stream, { fromRevision: 1, maxCount: 2 }))).toEqual(
          ids(batch.slice(1, 3)),
        );
        expect(ids(await store.readStream(stream, { maxCount: 1 }))).toEqual(ids(batch.slice(0, 1)));
        expect(await store.readStream(stream, { fromRevision: 5 })).toEqual([]);
      });

      it('reads an unknown stream as empty', async () => {
        expect(await store.readStream(streamOf('never-written'))).toEqual([]);
        expect(await store.readStream(streamOf('never-written'), { fromRevision: 3, maxCount: 2 })).toEqual(
          [],
        );
      });

      it('reads the global log in append order with strictly increasing positions', async () => {
        const a = streamOf('case');
        const b = streamOf('operation');
        const baseline = await store.headPosition();
        const a1 = events(2);
        const b1 = events(1);
        const a2 = events(1);
        await store.appendToStream(a, a1);
        await store.appendToStream(b, b1);
        const last = await store.appendToStream(a, a2);

        const log = await eventually(async () => {
          const read = await readOwn(baseline, new Set([a, b]));
          expect(ids(read)).toEqual(ids([...a1, ...b1, ...a2]));
          return read;
        });
        expect(log.map((e) => [e.streamId, e.revision])).toEqual([
          [a, 0],
          [a, 1],
          [b, 0],
          [a, 2],
        ]);
        for (let i = 1; i < log.length; i++) expect(log[i]!.position > log[i - 1]!.position).toBe(true);
        expect(log.every((e) => e.position > baseline)).toBe(true);
        expect(log[3]?.position).toBe(last.position);
      });

      it('reads the global log strictly after a position, at most maxCount events', async () => {
        const stream = streamOf('case');
        const baseline = await store.headPosition();
        const batch = events(4);
        await store.appendToStream(stream, batch.slice(0, 2));
        await store.appendToStream(stream, batch.slice(2));
        const own = new Set([stream]);
        const log = await eventually(async () => {
          const read = await readOwn(baseline, own);
          expect(read).toHaveLength(4);
          return read;
        });

        expect(ids(await readOwn(log[1]!.position, own))).toEqual(ids(batch.slice(2)));
        expect(ids(await readOwn(log[3]!.position, own))).toEqual([]);
        const page = await store.readAll({ after: log[0]!.position, maxCount: 2 });
        expect(page).toHaveLength(2);
        expect(page[0]!.position > log[0]!.position).toBe(true);
        expect(await store.readAll({ after: baseline, maxCount: 0 })).toEqual([]);
      });

      it('reports as head position the position of the newest event', async () => {
        const result = await store.appendToStream(streamOf('case'), events(3));

        await eventually(async () => expect(await store.headPosition()).toBe(result.position));
        const head = await store.headPosition();
        expect(await store.readAll({ after: head })).toEqual([]);
      });

      it('round-trips type, schema version, data and metadata exactly, unicode and nesting included', async () => {
        const stream = streamOf('case');
        const data: JsonObject = {
          names: ['Nguyễn Văn Ánh', 'Đà Nẵng', 'Ωμέγα', 'مرحبا', '中文', 'emoji 🚔🛂', 'e\u0301'],
          escapes: 'quote " backslash \\ newline \n tab \t',
          numbers: [0, -1.5, 0.1, 9007199254740991, 1e21],
          flags: { yes: true, no: false, nothing: null },
          empty: { object: {}, array: [], string: '' },
          deep: { a: { b: { c: { d: { e: { f: [1, [2, [3, { g: 'bottom' }]]] } } } } } },
        };
        const metadata: JsonObject = {
          correlationId: uuidv7(),
          causationId: uuidv7(),
          actor: { userId: 'u-1', agency: 'Cục Cảnh sát', role: 'investigator' },
          occurredAt: '2026-03-01T08:30:00.000+07:00',
        };
        const sent: EventData = {
          eventId: uuidv7(),
          type: 'RaidConducted',
          schemaVersion: 3,
          data,
          metadata,
        };
        const before = Date.now();
        await store.appendToStream(stream, [sent]);

        const [recorded] = await store.readStream(stream);
        expect(recorded).toMatchObject({ ...sent, streamId: stream, revision: 0 });
        expect(recorded?.data).toEqual(data);
        expect(recorded?.metadata).toEqual(metadata);
        expect(typeof recorded?.position).toBe('bigint');
        expect(recorded?.createdAt).toBeInstanceOf(Date);
        expect(Math.abs(recorded!.createdAt.getTime() - before)).toBeLessThan(60_000);
        // The hash covers exactly what comes back, so an auditor recomputes it from the stored JSON.
        expect(recorded?.hash).toBe(eventHash({ ...sent, streamId: stream, previousHash: GENESIS_HASH }));
      });
    });

    describe('hash chain', () => {
      it('chains each event onto the previous one of its stream, from genesis, whatever the expectation', async () => {
        const stream = streamOf('case');
        const first = events(2);
        await store.appendToStream(stream, first, { expectedRevision: 'no_stream' });
        await store.appendToStream(stream, events(1), { expectedRevision: 1 });
        await store.appendToStream(stream, events(3), { expectedRevision: 'any' });
        await store.appendToStream(stream, events(1), { expectedRevision: 'stream_exists' });

        const recorded = await store.readStream(stream);
        expect(recorded).toHaveLength(7);
        expect(recorded[0]!.hash).toBe(
          eventHash({ ...first[0]!, streamId: stream, previousHash: GENESIS_HASH }),
        );
        for (let i = 1; i < recorded.length; i++) {
          expect(recorded[i]!.hash).toBe(eventHash({ ...recorded[i]!, previousHash: recorded[i - 1]!.hash }));
        }
        expect(verifyChain(recorded)).toMatchObject({ valid: true, count: 7, headHash: recorded[6]!.hash });
      });

      it('gives the same hashes through the global log and leaves them alone on an idempotent retry', async () => {
        const stream = streamOf('case');
        const batch = events(2);
        await store.appendToStream(stream, batch);
        await store.appendToStream(stream, batch);
        const recorded = await store.readStream(stream);
        expect(recorded).toHaveLength(2);
        const global = await eventually(async () => {
          const own = (await store.readAll()).filter((e) => e.streamId === stream);
          expect(own).toHaveLength(2);
          return own;
        });
        expect(global.map((e) => e.hash)).toEqual(recorded.map((e) => e.hash));
        expect(recorded.every((e) => /^[0-9a-f]{64}$/.test(e.hash))).toBe(true);
      });
    });

    describe('subscriptions', () => {
      it('catches up on past events in batches, then delivers new ones live, each once and in order', async () => {
        const stream = streamOf('case');
        const baseline = await store.headPosition();
        const past = events(5);
        await store.appendToStream(stream, past);

        const subscription = store.subscribeToAll({ after: baseline, batchSize: 2 });
        const collector = collect(subscription);
        const own = () => collector.seen.filter((e) => e.streamId === stream);
        expect(await until(collector, () => own().length >= 5)).toBe(true);

        const live = events(3);
        await store.appendToStream(stream, live.slice(0, 1));
        await store.appendToStream(stream, live.slice(1));
        expect(await until(collector, () => own().length >= 8)).toBe(true);
        await sleep(50);
        await subscription.stop();
        await collector.done;

        expect(ids(own())).toEqual(ids([...past, ...live]));
        expect(own().map((e) => e.revision)).toEqual([0, 1, 2, 3, 4, 5, 6, 7]);
        const positions = collector.seen.map((e) => e.position);
        for (let i = 1; i < positions.length; i++) expect(positions[i]! > positions[i - 1]!).toBe(true);
      });

      it('stop() promptly ends an iteration that is waiting for new events', async () => {
        const subscription = store.subscribeToAll({ after: await store.headPosition() });
        const collector = collect(subscription);
        await sleep(400); // long enough for an idle subscription to back off

        const started = Date.now();
        await subscription.stop();
        await collector.done;
        expect(Date.now() - started).toBeLessThan(1_000);
      });

      it('stop() ends an iteration that still has events to deliver', async () => {
        const stream = streamOf('case');
        const baseline = await store.headPosition();
        await store.appendToStream(stream, events(20));

        const subscription = store.subscribeToAll({ after: baseline, batchSize: 5 });
        const seen: RecordedEvent[] = [];
        for await (const recorded of subscription) {
          seen.push(recorded);
          if (seen.length === 3) await subscription.stop();
        }
        expect(seen).toHaveLength(3);
      });

      it('resumes strictly after a checkpoint without repeating or missing an event', async () => {
        const stream = streamOf('case');
        const baseline = await store.headPosition();
        const batch = events(6);
        await store.appendToStream(stream, batch.slice(0, 4));
        await store.appendToStream(stream, batch.slice(4));
        const own = new Set([stream]);
        await eventually(async () => expect(await readOwn(baseline, own)).toHaveLength(6));

        const first = store.subscribeToAll({ after: baseline });
        const firstRun = collect(first, 3); // breaking out of for-await ends the subscription too
        await firstRun.done;
        const checkpoint = firstRun.seen[2]!.position;

        const second = store.subscribeToAll({ after: checkpoint, batchSize: 2 });
        const secondRun = collect(second);
        expect(
          await until(secondRun, () => secondRun.seen.filter((e) => own.has(e.streamId)).length >= 3),
        ).toBe(true);
        await second.stop();
        await secondRun.done;

        const resumed = [...firstRun.seen, ...secondRun.seen].filter((e) => own.has(e.streamId));
        expect(ids(resumed)).toEqual(ids(batch));
        expect(secondRun.seen.every((e) => e.position > checkpoint)).toBe(true);
      });

      it('close() ends the subscriptions a store has open', async () => {
        const other = await factory();
        try {
          const subscription = other.store.subscribeToAll();
          const collector = collect(subscription);
          await sleep(50);
          await other.store.close();
          await collector.done;
          expect(collector.error).toBeUndefined();
        } finally {
          await other.dispose();
        }
      });

      it('16 concurrent writers and one live subscriber: every committed event arrives exactly once, in position order, each stream in revision order', async () => {
        const WRITERS = 16;
        const APPENDS_PER_WRITER = 30;
        const shared = Array.from({ length: 4 }, () => streamOf('shared'));
        const ownStreams = new Set(shared);
        const baseline = await store.headPosition();
        const subscription = store.subscribeToAll({ after: baseline, batchSize: 64 });
        const collector = collect(subscription);

        const committed = new Map<string, string>(); // eventId → streamId
        let conflicts = 0;
        const record = (stream: string, batch: EventData[]) => {
          for (const e of batch) committed.set(e.eventId, stream);
        };
        const writer = async (w: number) => {
          const mine = streamOf(`private-w${w}`);
          ownStreams.add(mine);
          let myRevision: ExpectedRevision = 'no_stream';
          const believed = new Map<string, ExpectedRevision>();
          for (let i = 0; i < APPENDS_PER_WRITER; i++) {
            const batch = events(1 + ((w + i) % 3));
            const target = shared[(w * 7 + i) % shared.length]!;
            const kind = (w * 31 + i * 17) % 10;
            if (kind < 4) {
              myRevision = (await store.appendToStream(mine, batch, { expectedRevision: myRevision }))
                .nextRevision;
              record(mine, batch);
            } else if (kind < 8) {
              // Optimistic concurrency on a contended stream: learn the actual revision and retry.
              for (;;) {
                try {
                  const expectedRevision = believed.get(target) ?? 'no_stream';
                  const result: AppendResult = await store.appendToStream(target, batch, {
                    expectedRevision,
                  });
                  believed.set(target, result.nextRevision);
                  record(target, batch);
                  break;
                } catch (err) {
                  if (!(err instanceof WrongExpectedRevisionError)) throw err;
                  conflicts++;
                  believed.set(target, err.actual);
                }
              }
            } else {
              await store.appendToStream(target, batch, { expectedRevision: 'any' });
              record(target, batch);
            }
          }
        };
        await Promise.all(Array.from({ length: WRITERS }, (_, w) => writer(w)));

        const seenOwn = () => collector.seen.filter((e) => ownStreams.has(e.streamId));
        await until(collector, () => seenOwn().length >= committed.size);
        await sleep(300); // give a duplicate or a straggler the chance to show up
        await subscription.stop();
        await collector.done;

        const seen = seenOwn();
        const seenIds = ids(seen);
        const missing = [...committed.keys()].filter((id) => !seenIds.includes(id));
        expect({ missing: missing.length, of: committed.size }).toEqual({ missing: 0, of: committed.size });
        expect(new Set(ids(collector.seen)).size).toBe(collector.seen.length);
        expect(seen.length).toBe(committed.size);
        for (const e of seen) expect(e.streamId).toBe(committed.get(e.eventId));
        // However the writers raced, no stream's hash chain forked: each verifies from genesis.
        for (const stream of ownStreams) {
          expect(verifyChain(await store.readStream(stream))).toMatchObject({ valid: true });
        }

        for (let i = 1; i < collector.seen.length; i++) {
          expect(collector.seen[i]!.position > collector.seen[i - 1]!.position).toBe(true);
        }
        const nextRevision = new Map<string, number>();
        for (const e of seen) {
          expect(`${e.streamId}@${e.revision}`).toBe(`${e.streamId}@${nextRevision.get(e.streamId) ?? 0}`);
          nextRevision.set(e.streamId, e.revision + 1);
        }

        const log = await readOwn(baseline, ownStreams);
        expect(log.map((e) => `${e.eventId}@${e.position}`)).toEqual(
          seen.map((e) => `${e.eventId}@${e.position}`),
        );
        expect(conflicts).toBeGreaterThan(0);
      });
    });
  });
}
