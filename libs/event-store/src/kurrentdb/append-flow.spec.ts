import { describe, expect, it } from '@jest/globals';
import { v7 as uuidv7 } from 'uuid';
import type { StoredEventRef } from '../append-rules.js';
import { DuplicateEventIdError, WrongExpectedRevisionError } from '../errors.js';
import type { AppendResult, EventData, ExpectedRevision } from '../event-store.port.js';
import { appendWithLedgerRules, type Conflict, type StreamOperations } from './append-flow.js';

const STREAM = 'case-1';

function events(count: number): EventData[] {
  return Array.from({ length: count }, (_, i) => ({
    eventId: uuidv7(),
    type: 'ThingHappened',
    schemaVersion: 1,
    data: { i },
    metadata: {},
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

/**
 * One stream with the commit check KurrentDB applies (kurrent-io/KurrentDB,
 * IndexWriter.CheckCommit): strong id checks for an exact revision or no_stream that lies before
 * the stream's end, a weak check against recently written ids (`recent`) for any and
 * stream_exists, and no id check at all when the expectation matches the end of the stream.
 */
function kurrentStream(options: { recentIds?: 'all' | 'none' } = {}) {
  const stored: StoredEventRef[] = [];
  const calls: string[] = [];
  let position = 1000n;
  const recent = (id: string) => options.recentIds !== 'none' && stored.some((r) => r.eventId === id);
  const current = () => (stored.length === 0 ? 'no_stream' : stored.length - 1);
  const at = (revision: number): AppendResult => ({
    nextRevision: revision,
    position: stored[revision]!.position,
  });

  const ops: StreamOperations = {
    async append(batch, expected): Promise<AppendResult | Conflict> {
      calls.push(`append ${String(expected)}`);
      const cur = current();
      const curNumber = cur === 'no_stream' ? -1 : cur;
      const write = (): AppendResult => {
        for (const e of batch) {
          position += 100n;
          stored.push({ eventId: e.eventId, streamId: STREAM, revision: stored.length, position });
        }
        return at(stored.length - 1);
      };
      if (expected === 'any' || expected === 'stream_exists') {
        if (expected === 'stream_exists' && cur === 'no_stream') return { conflict: cur };
        const found = batch.map((e) =>
          recent(e.eventId) ? stored.find((r) => r.eventId === e.eventId) : undefined,
        );
        if (!found[0]) return write();
        if (found.some((ref) => !ref)) return { conflict: cur };
        return at(found.at(-1)!.revision);
      }
      const exp = expected === 'no_stream' ? -1 : expected;
      if (exp > curNumber) return { conflict: cur };
      if (exp === curNumber) return write();
      for (const [i, e] of batch.entries()) {
        if (stored[exp + 1 + i]?.eventId !== e.eventId) return { conflict: cur };
      }
      return at(exp + batch.length);
    },
    async readForward(from, maxCount) {
      calls.push(`read ${from}+${maxCount}`);
      return stored.slice(from, from + maxCount);
    },
    async readBackward(from, maxCount) {
      calls.push(`back ${String(from)}-${maxCount}`);
      const end = from === undefined ? stored.length : from + 1;
      return stored.slice(Math.max(0, end - maxCount), end).reverse();
    },
  };
  return { ops, stored, calls };
}

const append = (ops: StreamOperations, batch: EventData[], expected: ExpectedRevision, pageSize?: number) =>
  appendWithLedgerRules(ops, STREAM, batch, expected, pageSize);

describe('appendWithLedgerRules', () => {
  it('passes a fresh append with an exact revision straight through: one call, no reads', async () => {
    const { ops, calls } = kurrentStream();
    const first = await append(ops, events(2), 'no_stream');
    const second = await append(ops, events(1), first.nextRevision);

    expect(second.nextRevision).toBe(2);
    expect(second.position > first.position).toBe(true);
    expect(calls).toEqual(['append no_stream', 'append 1']);
  });

  it('reports a conflict with the actual revision when the ids are not stored', async () => {
    const { ops } = kurrentStream();
    await append(ops, events(3), 'any');

    const err = await rejectionOf(append(ops, events(1), 0));
    expect(err).toBeInstanceOf(WrongExpectedRevisionError);
    expect(err).toMatchObject({ streamId: STREAM, expected: 0, actual: 2 });
    const missing = await rejectionOf(append(kurrentStream().ops, events(1), 'stream_exists'));
    expect(missing).toMatchObject({ expected: 'stream_exists', actual: 'no_stream' });
  });

  it('returns the original result for a retry under any other expectation, writing nothing', async () => {
    const { ops, stored } = kurrentStream({ recentIds: 'none' });
    const batch = events(2);
    const original = await append(ops, batch, 'no_stream');
    await append(ops, events(1), 1);

    for (const expected of ['no_stream', 0, 1] as ExpectedRevision[]) {
      expect({ expected, replay: await append(ops, batch, expected) }).toEqual({
        expected,
        replay: original,
      });
    }
    expect(stored).toHaveLength(3);
  });

  it('trusts KurrentDB for a retry it recognises by recent ids, after checking it is this batch in order', async () => {
    const { ops, stored, calls } = kurrentStream();
    const batch = events(2);
    const original = await append(ops, batch, 'no_stream');
    await append(ops, events(1), 1);
    calls.length = 0;

    expect(await append(ops, batch, 'any')).toEqual(original);
    expect(await append(ops, batch, 'stream_exists')).toEqual(original);
    expect(calls).toEqual(['append any', 'read 0+2', 'append stream_exists', 'read 0+2']);
    expect(stored).toHaveLength(3);
  });

  it('finds a retried append deep in the stream, page by page', async () => {
    const { ops, calls } = kurrentStream({ recentIds: 'none' });
    const batch = events(2);
    const original = await append(ops, batch, 'no_stream');
    for (let i = 0; i < 10; i++) await append(ops, events(1), 'any');
    calls.length = 0;

    expect(await append(ops, batch, 5, 3)).toEqual(original);
    expect(calls.filter((c) => c.startsWith('back'))).toEqual([
      'back undefined-3',
      'back 8-3',
      'back 5-3',
      'back 2-3',
    ]);
  });

  it('rejects stored ids mixed with new ones, naming the stored one, and writes nothing', async () => {
    const { ops, stored } = kurrentStream();
    const batch = events(2);
    await append(ops, batch, 'any');
    const fresh = events(1)[0]!;

    for (const expected of ['any', 0, 'no_stream'] as ExpectedRevision[]) {
      const err = await rejectionOf(append(ops, [batch[1]!, fresh], expected));
      expect(err).toBeInstanceOf(DuplicateEventIdError);
      expect(err).toMatchObject({ eventId: batch[1]!.eventId, streamId: STREAM });
    }
    expect(stored).toHaveLength(2);
  });

  it('rejects stored ids sent again in another order, even where KurrentDB calls it a retry', async () => {
    const { ops, stored } = kurrentStream();
    const batch = events(2);
    await append(ops, batch, 'any');

    // Under any, KurrentDB's recent-id check ignores the order and reports success.
    for (const expected of ['any', 'stream_exists', 'no_stream', 0] as ExpectedRevision[]) {
      await expect(append(ops, [batch[1]!, batch[0]!], expected)).rejects.toBeInstanceOf(
        DuplicateEventIdError,
      );
    }
    expect(stored.map((r) => r.eventId)).toEqual(batch.map((e) => e.eventId));
  });

  it('leaves it to KurrentDB when the expectation matches the stream: stored ids are written again', async () => {
    // KurrentDB checks no ids then, and has no index to look them up cheaply (see append-flow.ts).
    const { ops, stored } = kurrentStream({ recentIds: 'none' });
    const batch = events(1);
    await append(ops, batch, 'no_stream');

    await append(ops, batch, 0);
    expect(stored).toHaveLength(2);
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
