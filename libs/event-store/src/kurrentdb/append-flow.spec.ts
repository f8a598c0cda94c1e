import { describe, expect, it } from '@jest/globals';
import { GENESIS_HASH, eventHash, verifyChain } from '@ledger/ledger-integrity';
import fc from 'fast-check';
import { v7 as uuidv7 } from 'uuid';
import { DuplicateEventIdError, WrongExpectedRevisionError } from '../errors.js';
import type { AppendResult, EventData, ExpectedRevision } from '../event-store.port.js';
import {
  appendWithLedgerRules,
  MAX_APPEND_ATTEMPTS,
  RecentAppends,
  type AppendFlowOptions,
  type ChainedEvent,
  type ChainedEventRef,
  type Conflict,
  type StreamOperations,
} from './append-flow.js';

const STREAM = 'case-1';

function events(count: number): EventData[] {
  return Array.from({ length: count }, (_, i) => ({
    eventId: uuidv7(),
    type: 'ThingHappened',
    schemaVersion: 1,
    data: { i, note: 'Nguyễn 🚔' },
    metadata: { correlationId: `c-${i}` },
  }));
}

async function rejectionOf(promise: Promise<unknown>): Promise<unknown> {
  return promise.then(
    () => {
      throw new Error('expected the call to be rejected');
    },
    (err: unknown) => err,
  );
}

type StoredEvent = ChainedEventRef & EventData;

/** What a hash was chained onto: 'genesis', a stored revision, or 'unknown'. */
type Onto = 'genesis' | number | 'unknown';

/**
 * One stream with the commit check KurrentDB applies to a conditional append (kurrent-io/KurrentDB,
 * IndexWriter.CheckCommit): it writes when the expectation matches the end of the stream, without
 * looking at ids; when the expectation lies before the end, it answers a batch whose ids sit at the
 * following revisions with the original result, and anything else with a conflict.
 *
 * `beforeAppend` runs inside every append before the check, as another writer slipping in between
 * the flow's read and its append. `sent` records what each append was conditional on and what its
 * first hash was chained onto, judged against the stream as the flow read it.
 */
function kurrentStream(
  options: {
    beforeAppend?: (attempt: number) => void;
    /** The connection fails during this append: before the server wrote it, or after. */
    lose?: (attempt: number) => 'before-write' | 'after-write' | undefined;
  } = {},
) {
  const stored: StoredEvent[] = [];
  const calls: string[] = [];
  const sent: { expected: number | 'no_stream'; onto: Onto }[] = [];
  let position = 1000n;
  let appends = 0;
  const current = () => (stored.length === 0 ? 'no_stream' : stored.length - 1);
  const at = (revision: number): AppendResult => ({
    nextRevision: revision,
    position: stored[revision]!.position,
  });
  const write = (batch: readonly ChainedEvent[]): AppendResult => {
    for (const { event, hash } of batch) {
      position += 100n;
      stored.push({ ...event, streamId: STREAM, revision: stored.length, position, hash });
    }
    return at(stored.length - 1);
  };
  const ontoOf = (batch: readonly ChainedEvent[]): Onto => {
    const links = (previousHash: string) =>
      batch.every(({ event, hash }) => {
        const ok = hash === eventHash({ ...event, streamId: STREAM, previousHash });
        previousHash = hash;
        return ok;
      });
    if (links(GENESIS_HASH)) return 'genesis';
    const found = stored.find((ref) => links(ref.hash));
    return found ? found.revision : 'unknown';
  };
  /** Another ledger writer's append at the end of the stream, chained as the ledger chains. */
  const appendOther = (batch: readonly EventData[]): AppendResult => {
    let previousHash = stored.at(-1)?.hash ?? GENESIS_HASH;
    return write(
      batch.map((event) => ({
        event,
        hash: (previousHash = eventHash({ ...event, streamId: STREAM, previousHash })),
      })),
    );
  };

  /** KurrentDB's commit check. */
  const check = (batch: readonly ChainedEvent[], expected: number | 'no_stream'): AppendResult | Conflict => {
    const cur = current();
    const curNumber = cur === 'no_stream' ? -1 : cur;
    const exp = expected === 'no_stream' ? -1 : expected;
    if (exp > curNumber) return { conflict: cur };
    if (exp === curNumber) return write(batch);
    for (const [i, { event }] of batch.entries()) {
      if (stored[exp + 1 + i]?.eventId !== event.eventId) return { conflict: cur };
    }
    return at(exp + batch.length);
  };

  const ops: StreamOperations = {
    async append(batch, expected): Promise<AppendResult | Conflict> {
      calls.push(`append ${String(expected)}`);
      sent.push({ expected, onto: ontoOf(batch) });
      appends += 1;
      options.beforeAppend?.(appends);
      const lost = options.lose?.(appends);
      if (lost === 'before-write') throw new Error('connection lost before the write');
      const outcome = check(batch, expected);
      if (lost === 'after-write') throw new Error('connection lost after the write');
      return outcome;
    },
    async readBackward(from, maxCount) {
      calls.push(`back ${String(from)}-${maxCount}`);
      const end = from === undefined ? stored.length : from + 1;
      return stored.slice(Math.max(0, end - maxCount), end).reverse();
    },
  };
  return { ops, stored, calls, sent, appendOther };
}

const append = (
  ops: StreamOperations,
  batch: EventData[],
  expected: ExpectedRevision,
  options?: AppendFlowOptions,
) => appendWithLedgerRules(ops, STREAM, batch, expected, options);

const ids = (list: readonly { eventId: string }[]) => list.map((e) => e.eventId);

describe('appendWithLedgerRules', () => {
  describe('the hash chain', () => {
    it('chains a new stream onto the genesis hash and every append onto the stored last event, whatever the expectation', async () => {
      const { ops, stored } = kurrentStream();
      const first = events(2);
      await append(ops, first, 'no_stream');
      await append(ops, events(1), 1);
      await append(ops, events(3), 'any');
      await append(ops, events(1), 'stream_exists');

      expect(stored).toHaveLength(7);
      expect(stored[0]!.hash).toBe(eventHash({ ...first[0]!, streamId: STREAM, previousHash: GENESIS_HASH }));
      for (let i = 1; i < stored.length; i++) {
        expect(stored[i]!.hash).toBe(eventHash({ ...stored[i]!, previousHash: stored[i - 1]!.hash }));
      }
      expect(verifyChain(stored)).toMatchObject({ valid: true, count: 7, headHash: stored[6]!.hash });
    });

    it('sends each append conditional on exactly the revision whose hash it chained onto', async () => {
      const { ops, sent, calls } = kurrentStream();
      await append(ops, events(1), 'any');
      await append(ops, events(2), 0);
      await append(ops, events(1), 'stream_exists');
      await append(ops, events(2), 'any');

      expect(sent).toEqual([
        { expected: 'no_stream', onto: 'genesis' },
        { expected: 0, onto: 0 },
        { expected: 2, onto: 2 },
        { expected: 3, onto: 3 },
      ]);
      expect(calls).toEqual([
        'back undefined-1',
        'append no_stream',
        'back undefined-1',
        'append 0',
        'back undefined-1',
        'append 2',
        'back undefined-2',
        'append 3',
      ]);
    });

    it('chains no_stream onto the genesis hash without reading', async () => {
      const { ops, sent, calls, stored } = kurrentStream();
      await append(ops, events(3), 'no_stream');

      expect(sent).toEqual([{ expected: 'no_stream', onto: 'genesis' }]);
      expect(calls).toEqual(['append no_stream']);
      expect(verifyChain(stored)).toMatchObject({ valid: true, count: 3 });
    });

    it('refuses data the chain cannot hash before any call', async () => {
      const { ops, calls } = kurrentStream();
      const [event] = events(1);
      const dated = { ...event!, data: { at: new Date('2026-03-01T00:00:00Z') } };

      await expect(append(ops, [dated], 'any')).rejects.toBeInstanceOf(TypeError);
      expect(calls).toEqual([]);
    });

    it('never forks the chain, however concurrent appends interleave', async () => {
      const expectation = fc.oneof(
        fc.constantFrom<ExpectedRevision>('any', 'stream_exists', 'no_stream'),
        fc.nat({ max: 4 }),
      );
      await fc.assert(
        fc.asyncProperty(
          fc.scheduler(),
          fc.array(fc.tuple(expectation, fc.integer({ min: 1, max: 3 })), { minLength: 2, maxLength: 8 }),
          async (s, writers) => {
            const { ops: server, stored } = kurrentStream();
            // Every request reaches the server, and every answer comes back, in an order fast-check picks.
            const ops: StreamOperations = {
              append: s.scheduleFunction(server.append),
              readBackward: s.scheduleFunction(server.readBackward),
            };
            const runs = writers.map(([expected, count]) => {
              const batch = events(count);
              return append(ops, batch, expected).then(
                (result) => ({ expected, batch, result }),
                (error: unknown) => ({ expected, batch, error }),
              );
            });
            const outcomes = await s.waitFor(Promise.all(runs));

            expect(verifyChain(stored)).toMatchObject({ valid: true, count: stored.length });
            for (const outcome of outcomes) {
              const at = stored.findIndex((e) => e.eventId === outcome.batch[0]!.eventId);
              if ('result' in outcome) {
                expect(ids(stored.slice(at, at + outcome.batch.length))).toEqual(ids(outcome.batch));
                expect(outcome.result).toEqual({
                  nextRevision: at + outcome.batch.length - 1,
                  position: stored[at + outcome.batch.length - 1]!.position,
                });
              } else {
                // Fewer writers than attempts: any never gives up, so only a real conflict fails.
                expect(outcome.error).toBeInstanceOf(WrongExpectedRevisionError);
                expect(outcome.expected).not.toBe('any');
                expect(at).toBe(-1);
              }
            }
          },
        ),
        { numRuns: 300 },
      );
    });
  });

  describe('an exact revision', () => {
    it('reads the last event, and appends once when it is the expected revision', async () => {
      const { ops, calls } = kurrentStream();
      const first = await append(ops, events(2), 'no_stream');
      calls.length = 0;
      const second = await append(ops, events(1), first.nextRevision);

      expect(second.nextRevision).toBe(2);
      expect(second.position > first.position).toBe(true);
      expect(calls).toEqual(['back undefined-1', 'append 1']);
    });

    it('reports a conflict with the actual revision, without appending, when the revision is not the last', async () => {
      const { ops, calls } = kurrentStream();
      await append(ops, events(3), 'any');
      calls.length = 0;

      for (const expected of [0, 5]) {
        const err = await rejectionOf(append(ops, events(1), expected));
        expect(err).toBeInstanceOf(WrongExpectedRevisionError);
        expect(err).toMatchObject({ streamId: STREAM, expected, actual: 2 });
      }
      await expect(append(kurrentStream().ops, events(1), 0)).rejects.toMatchObject({ actual: 'no_stream' });
      expect(calls.some((c) => c.startsWith('append'))).toBe(false);
    });

    it('reports a conflict when another append comes in between, and the chain does not fork', async () => {
      const { ops, stored, appendOther } = kurrentStream({ beforeAppend: () => appendOther(events(1)) });
      appendOther(events(2));
      const mine = events(1);

      const err = await rejectionOf(append(ops, mine, 1));
      expect(err).toMatchObject({ name: 'WrongExpectedRevisionError', expected: 1, actual: 2 });
      expect(ids(stored)).not.toContain(mine[0]!.eventId);
      expect(verifyChain(stored)).toMatchObject({ valid: true, count: 3 });
    });
  });

  describe('any and stream_exists', () => {
    it('reads the tail again and chains onto the new last event when another append came in between', async () => {
      const { ops, stored, sent, appendOther } = kurrentStream({
        beforeAppend: (attempt) => {
          if (attempt === 1) appendOther(events(2));
        },
      });
      const mine = events(2);

      expect(await append(ops, mine, 'any')).toEqual({ nextRevision: 3, position: stored[3]!.position });
      expect(sent).toEqual([
        { expected: 'no_stream', onto: 'genesis' },
        { expected: 1, onto: 1 },
      ]);
      expect(ids(stored.slice(2))).toEqual(ids(mine));
      expect(verifyChain(stored)).toMatchObject({ valid: true, count: 4 });
    });

    it('gives up with a clear error after losing the race maxAttempts times, having written nothing of its own', async () => {
      for (const expected of ['any', 'stream_exists'] as const) {
        const { ops, stored, sent, appendOther } = kurrentStream({
          beforeAppend: () => appendOther(events(1)),
        });
        appendOther(events(1));
        const mine = events(2);

        await expect(append(ops, mine, expected, { maxAttempts: 3 })).rejects.toThrow(
          /lost the race to other appends 3 times in a row/,
        );
        expect(sent.map((s) => s.expected)).toEqual([0, 1, 2]);
        expect(sent.every((s) => s.onto === s.expected)).toBe(true);
        expect(ids(stored)).not.toContain(mine[0]!.eventId);
        expect(verifyChain(stored)).toMatchObject({ valid: true, count: 4 });
      }
    });

    it('tries MAX_APPEND_ATTEMPTS times by default', async () => {
      const { ops, sent, appendOther } = kurrentStream({ beforeAppend: () => appendOther(events(1)) });

      await expect(append(ops, events(1), 'any')).rejects.toThrow(/giving up/);
      expect(sent).toHaveLength(MAX_APPEND_ATTEMPTS);
    });

    it('recognises a retry of the stream’s most recent append by the ids in its tail: the original result, no append', async () => {
      const { ops, stored, calls } = kurrentStream();
      await append(ops, events(1), 'any');
      const batch = events(2);
      const original = await append(ops, batch, 'any');
      calls.length = 0;

      expect(await append(ops, batch, 'any')).toEqual(original);
      expect(await append(ops, batch, 'stream_exists')).toEqual(original);
      expect(calls).toEqual(['back undefined-2', 'back undefined-2']);
      expect(stored).toHaveLength(3);
    });

    it('returns the original result when the same batch is stored between its read and its append', async () => {
      for (const expected of ['any', 'stream_exists', 0] as ExpectedRevision[]) {
        const batch = events(2);
        let original: AppendResult | undefined;
        const { ops, stored, appendOther } = kurrentStream({
          beforeAppend: (attempt) => {
            if (attempt === 1) original = appendOther(batch);
          },
        });
        appendOther(events(1));

        expect({ expected, result: await append(ops, batch, expected) }).toEqual({
          expected,
          result: original,
        });
        expect(ids(stored.slice(1))).toEqual(ids(batch));
        expect(verifyChain(stored)).toMatchObject({ valid: true, count: 3 });
      }
    });

    it('refuses stream_exists on a missing stream without appending', async () => {
      const { ops, calls } = kurrentStream();
      const err = await rejectionOf(append(ops, events(1), 'stream_exists'));

      expect(err).toBeInstanceOf(WrongExpectedRevisionError);
      expect(err).toMatchObject({ expected: 'stream_exists', actual: 'no_stream' });
      expect(calls).toEqual(['back undefined-1']);
    });

    it('recognises a retry whose answer was lost, after other appends: the original result, stored once', async () => {
      const recent = new RecentAppends();
      const { ops, stored, sent, appendOther } = kurrentStream({
        lose: (attempt) => (attempt === 1 ? 'after-write' : undefined),
      });
      const batch = events(2);
      await expect(append(ops, batch, 'any', { recent })).rejects.toThrow(/connection lost/);
      appendOther(events(3));

      const result = await append(ops, batch, 'any', { recent });
      expect(result).toEqual({ nextRevision: 1, position: stored[1]!.position });
      expect(ids(stored)).toEqual([...ids(batch), ...ids(stored.slice(2))]);
      expect(stored).toHaveLength(5);
      // The retry went out as the append did: on no_stream, onto the genesis hash.
      expect(sent).toEqual([
        { expected: 'no_stream', onto: 'genesis' },
        { expected: 'no_stream', onto: 'genesis' },
      ]);
      expect(verifyChain(stored)).toMatchObject({ valid: true });
    });

    it('appends once, at the new end, a retry whose lost append was never stored', async () => {
      const recent = new RecentAppends();
      const { ops, stored, appendOther } = kurrentStream({
        lose: (attempt) => (attempt === 1 ? 'before-write' : undefined),
      });
      const batch = events(2);
      await expect(append(ops, batch, 'any', { recent })).rejects.toThrow(/connection lost/);
      appendOther(events(1));

      const result = await append(ops, batch, 'any', { recent });
      expect(result).toEqual({ nextRevision: 2, position: stored[2]!.position });
      expect(ids(stored.slice(1))).toEqual(ids(batch));
      expect(verifyChain(stored)).toMatchObject({ valid: true });
      // Remembered as it went out this time, onto revision 0, for a retry of its own.
      expect(recent.recall(STREAM, ids(batch))?.expected).toBe(0);
    });

    it('keeps the append remembered while its retries fail, and answers the one that gets through', async () => {
      const recent = new RecentAppends();
      const { ops, stored, appendOther } = kurrentStream({
        lose: (attempt) => (attempt === 1 ? 'after-write' : attempt === 2 ? 'before-write' : undefined),
      });
      const batch = events(1);
      await expect(append(ops, batch, 'stream_exists', { recent })).rejects.toThrow(
        WrongExpectedRevisionError,
      );
      appendOther(events(1));
      await expect(append(ops, batch, 'stream_exists', { recent })).rejects.toThrow(/after the write/);
      appendOther(events(1));
      await expect(append(ops, batch, 'stream_exists', { recent })).rejects.toThrow(/before the write/);
      appendOther(events(1));

      expect(await append(ops, batch, 'stream_exists', { recent })).toEqual({
        nextRevision: 1,
        position: stored[1]!.position,
      });
      expect(stored.filter((event) => event.eventId === batch[0]!.eventId)).toHaveLength(1);
    });

    it('answers a retry after a success, from above the store, with the original result', async () => {
      const recent = new RecentAppends();
      const { ops, stored } = kurrentStream();
      const batch = events(1);
      const first = await append(ops, batch, 'any', { recent });
      await append(ops, events(1), 'any', { recent });

      expect(await append(ops, batch, 'any', { recent })).toEqual(first);
      expect(stored).toHaveLength(2);
    });

    it('writes again a retry of an append it did not send (another process): the exact revision it sends matches the stream', async () => {
      // KurrentDB's check of recently written ids only runs under any / stream_exists, which the
      // chain no longer sends (see append-flow.ts).
      const { ops, stored } = kurrentStream();
      const batch = events(1);
      await append(ops, batch, 'any');
      await append(ops, events(1), 'any');

      await append(ops, batch, 'any');
      expect(stored).toHaveLength(3);
      expect(verifyChain(stored)).toMatchObject({ valid: true });
    });
  });

  describe('retries and re-used ids', () => {
    it('returns the original result for a retry under any expectation, writing nothing', async () => {
      const { ops, stored } = kurrentStream();
      const batch = events(2);
      const original = await append(ops, batch, 'no_stream');
      await append(ops, events(1), 1);

      for (const expected of ['no_stream', 'any', 'stream_exists', 0, 1] as ExpectedRevision[]) {
        expect({ expected, replay: await append(ops, batch, expected) }).toEqual({
          expected,
          replay: original,
        });
      }
      expect(stored).toHaveLength(3);
    });

    it('finds a retried append deep in the stream, page by page', async () => {
      const { ops, calls } = kurrentStream();
      const batch = events(2);
      const original = await append(ops, batch, 'no_stream');
      for (let i = 0; i < 10; i++) await append(ops, events(1), 'any');
      calls.length = 0;

      expect(await append(ops, batch, 5, { pageSize: 3 })).toEqual(original);
      expect(calls).toEqual(['back undefined-1', 'back undefined-3', 'back 8-3', 'back 5-3', 'back 2-3']);
    });

    it('rejects stored ids mixed with new ones, naming the stored one, and writes nothing', async () => {
      const { ops, stored } = kurrentStream();
      const batch = events(2);
      await append(ops, batch, 'any');
      const fresh = events(1)[0]!;

      for (const expected of ['any', 'stream_exists', 0, 'no_stream'] as ExpectedRevision[]) {
        const err = await rejectionOf(append(ops, [batch[1]!, fresh], expected));
        expect(err).toBeInstanceOf(DuplicateEventIdError);
        expect(err).toMatchObject({ eventId: batch[1]!.eventId, streamId: STREAM });
      }
      expect(stored).toHaveLength(2);
    });

    it('rejects stored ids sent again in another order', async () => {
      const { ops, stored } = kurrentStream();
      const batch = events(2);
      await append(ops, batch, 'any');

      for (const expected of ['any', 'stream_exists', 'no_stream', 0] as ExpectedRevision[]) {
        await expect(append(ops, [batch[1]!, batch[0]!], expected)).rejects.toBeInstanceOf(
          DuplicateEventIdError,
        );
      }
      expect(ids(stored)).toEqual(ids(batch));
    });

    it('leaves it to KurrentDB when the expectation matches the stream: stored ids are written again', async () => {
      // KurrentDB checks no ids then, and has no index to look them up cheaply (see append-flow.ts).
      const { ops, stored } = kurrentStream();
      const batch = events(1);
      await append(ops, batch, 'no_stream');

      await append(ops, batch, 0);
      expect(stored).toHaveLength(2);
    });
  });

  describe('RecentAppends', () => {
    const sent = (count: number) => ({
      chained: events(count).map((event) => ({ event, hash: GENESIS_HASH })),
      expected: 'no_stream' as const,
    });

    it('holds at most its capacity in events, forgetting the oldest appends first', () => {
      const recent = new RecentAppends(5);
      const [a, b, c] = [sent(2), sent(2), sent(2)];
      const idsOf = (s: ReturnType<typeof sent>) => s.chained.map(({ event }) => event.eventId);
      recent.remember(STREAM, idsOf(a), a);
      recent.remember(STREAM, idsOf(b), b);
      recent.remember(STREAM, idsOf(c), c);
      expect(recent.size).toBe(4);
      expect(recent.recall(STREAM, idsOf(a))).toBeUndefined();
      expect(recent.recall(STREAM, idsOf(b))).toBe(b);
      expect(recent.recall(STREAM, idsOf(c))).toBe(c);
      // Another stream, or the same ids in another order, is another append.
      expect(recent.recall('case-2', idsOf(c))).toBeUndefined();
      expect(recent.recall(STREAM, [...idsOf(c)].reverse())).toBeUndefined();
    });

    it('does not hold an append larger than its capacity', () => {
      const recent = new RecentAppends(1);
      const big = sent(2);
      recent.remember(
        STREAM,
        big.chained.map(({ event }) => event.eventId),
        big,
      );
      expect(recent.size).toBe(0);
      expect(() => new RecentAppends(0)).toThrow(RangeError);
    });
  });

  describe('appending nothing', () => {
    it('reports the current revision and last position without writing', async () => {
      const { ops, calls } = kurrentStream();
      const last = await append(ops, events(2), 'no_stream');
      calls.length = 0;

      expect(await append(ops, [], 1)).toEqual(last);
      expect(await append(ops, [], 'any')).toEqual(last);
      expect(calls.every((c) => c.startsWith('back'))).toBe(true);
    });

    it('reports revision -1 and position 0 for a missing stream', async () => {
      expect(await append(kurrentStream().ops, [], 'no_stream')).toEqual({ nextRevision: -1, position: 0n });
    });

    it('still checks the expected revision', async () => {
      const { ops } = kurrentStream();
      await append(ops, events(1), 'any');

      const err = await rejectionOf(append(ops, [], 'no_stream'));
      expect(err).toMatchObject({ name: 'WrongExpectedRevisionError', expected: 'no_stream', actual: 0 });
      await expect(append(kurrentStream().ops, [], 'stream_exists')).rejects.toMatchObject({
        actual: 'no_stream',
      });
    });
  });
});
