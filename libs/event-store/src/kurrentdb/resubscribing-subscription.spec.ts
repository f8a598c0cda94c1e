import { describe, expect, it } from '@jest/globals';
import {
  ResubscribingSubscription,
  SourceEndedError,
  type LiveSource,
  type ResubscribeInfo,
  type ResubscribeOptions,
} from './resubscribing-subscription.js';

interface Item {
  position: bigint;
}

const at = (...positions: number[]): Item[] => positions.map((p) => ({ position: BigInt(p) }));
const positionsOf = (items: readonly Item[]) => items.map((item) => Number(item.position));

class Dropped extends Error {
  override readonly name = 'Dropped';
}
class Fatal extends Error {
  override readonly name = 'Fatal';
}

/** What one opened subscription does: deliver these events, then fail, end, or wait forever. */
interface Script {
  events: Item[];
  then: { fail: Error } | 'end' | 'wait';
}

/** A scripted in-memory source: each open() takes the next script and records where it started. */
function scriptedSource(scripts: Script[]) {
  const opened: (bigint | undefined)[] = [];
  let closed = 0;
  let live = 0;
  const open = (after: bigint | undefined): LiveSource<Item> => {
    opened.push(after);
    const script = scripts.shift() ?? { events: [], then: 'wait' as const };
    const queue = [...script.events];
    let isClosed = false;
    live++;
    return {
      next: async () => {
        await Promise.resolve();
        const event = queue.shift();
        if (event) return { done: false, value: event };
        if (script.then === 'end') return { done: true, value: undefined };
        if (script.then === 'wait') return new Promise<never>(() => undefined);
        throw script.then.fail;
      },
      close: async () => {
        if (isClosed) throw new Error('closed twice');
        isClosed = true;
        closed++;
        live--;
      },
    };
  };
  return {
    open,
    opened,
    get closed() {
      return closed;
    },
    get live() {
      return live;
    },
  };
}

const isDropped = (error: unknown) => error instanceof Dropped;
const fast: Pick<ResubscribeOptions, 'minDelayMs' | 'maxDelayMs'> = { minDelayMs: 1, maxDelayMs: 4 };

async function take(subscription: AsyncIterable<Item>, count: number): Promise<Item[]> {
  const seen: Item[] = [];
  for await (const item of subscription) {
    seen.push(item);
    if (seen.length === count) break;
  }
  return seen;
}

describe('ResubscribingSubscription', () => {
  it('starts from the checkpoint it was given and delivers the events in order', async () => {
    const source = scriptedSource([{ events: at(6, 7, 9), then: 'wait' }]);
    const subscription = new ResubscribingSubscription(source.open, { isTransient: isDropped, after: 5n });

    expect(positionsOf(await take(subscription, 3))).toEqual([6, 7, 9]);
    expect(source.opened).toEqual([5n]);
    expect(source.live).toBe(0);
  });

  it('after a dropped connection resubscribes after the last event it yielded, losing and repeating nothing', async () => {
    // The second server replays from before the checkpoint, as a lagging follower might.
    const source = scriptedSource([
      { events: at(1, 2, 3, 4), then: { fail: new Dropped('connection reset') } },
      { events: at(3, 4, 5, 6), then: { fail: new Dropped('leader changed') } },
      { events: at(7, 8), then: 'wait' },
    ]);
    const subscription = new ResubscribingSubscription(source.open, { isTransient: isDropped, ...fast });

    expect(positionsOf(await take(subscription, 8))).toEqual([1, 2, 3, 4, 5, 6, 7, 8]);
    expect(source.opened).toEqual([undefined, 4n, 6n]);
    expect(source.closed).toBe(3);
  });

  it('treats a source that simply ends as dropped and resubscribes', async () => {
    const source = scriptedSource([
      { events: at(10), then: 'end' },
      { events: at(11), then: 'wait' },
    ]);
    const subscription = new ResubscribingSubscription(source.open, { isTransient: () => false, ...fast });

    expect(positionsOf(await take(subscription, 2))).toEqual([10, 11]);
    expect(source.opened).toEqual([undefined, 10n]);
  });

  it('ends the iteration by throwing an error that is not transient, after closing the source', async () => {
    const fatal = new Fatal('access denied');
    const source = scriptedSource([{ events: at(1), then: { fail: fatal } }]);
    const subscription = new ResubscribingSubscription(source.open, { isTransient: isDropped, ...fast });
    const seen: Item[] = [];

    await expect(
      (async () => {
        for await (const item of subscription) seen.push(item);
      })(),
    ).rejects.toBe(fatal);
    expect(positionsOf(seen)).toEqual([1]);
    expect(source.opened).toHaveLength(1);
    expect(source.live).toBe(0);
  });

  it('backs off exponentially between consecutive failures and starts over once an event arrives', async () => {
    const drop = { fail: new Dropped('unavailable') };
    const source = scriptedSource([
      { events: [], then: drop },
      { events: [], then: drop },
      { events: [], then: drop },
      { events: [], then: drop },
      { events: at(1), then: drop },
      { events: at(2), then: 'wait' },
    ]);
    const reports: ResubscribeInfo[] = [];
    const subscription = new ResubscribingSubscription(source.open, {
      isTransient: isDropped,
      minDelayMs: 2,
      maxDelayMs: 8,
      onResubscribe: (info) => reports.push(info),
    });

    expect(positionsOf(await take(subscription, 2))).toEqual([1, 2]);
    expect(reports.map((r) => [r.attempt, r.delayMs])).toEqual([
      [1, 2],
      [2, 4],
      [3, 8],
      [4, 8],
      [1, 2],
    ]);
    expect(reports.map((r) => r.after)).toEqual([undefined, undefined, undefined, undefined, 1n]);
    expect(reports.every((r) => r.error instanceof Dropped)).toBe(true);
  });

  it('gives up after maxAttempts consecutive failures and throws the last error', async () => {
    const last = new Dropped('still unavailable');
    const source = scriptedSource([
      { events: [], then: { fail: new Dropped('unavailable') } },
      { events: [], then: { fail: last } },
    ]);
    const subscription = new ResubscribingSubscription(source.open, {
      isTransient: isDropped,
      maxAttempts: 1,
      ...fast,
    });

    await expect(take(subscription, 1)).rejects.toBe(last);
    expect(source.opened).toHaveLength(2);
    expect(source.live).toBe(0);
  });

  it('stop() promptly ends an iteration waiting for events and closes the source', async () => {
    const source = scriptedSource([{ events: at(1), then: 'wait' }]);
    const subscription = new ResubscribingSubscription(source.open, { isTransient: isDropped });
    const seen: Item[] = [];
    const done = (async () => {
      for await (const item of subscription) seen.push(item);
    })();
    await new Promise((resolve) => setTimeout(resolve, 20));

    const started = Date.now();
    await subscription.stop();
    await done;
    expect(Date.now() - started).toBeLessThan(100);
    expect(positionsOf(seen)).toEqual([1]);
    expect(source.live).toBe(0);
  });

  it('stop() cuts a backoff pause short', async () => {
    const source = scriptedSource([{ events: [], then: { fail: new Dropped('unavailable') } }]);
    let pausing!: () => void;
    const paused = new Promise<void>((resolve) => (pausing = resolve));
    const subscription = new ResubscribingSubscription(source.open, {
      isTransient: isDropped,
      minDelayMs: 60_000,
      onResubscribe: () => pausing(),
    });
    const done = take(subscription, 1);
    await paused;

    const started = Date.now();
    await subscription.stop();
    expect(await done).toEqual([]);
    expect(Date.now() - started).toBeLessThan(100);
    expect(source.opened).toHaveLength(1);
  });

  it('stop() from the loop body delivers nothing more, even with events at hand', async () => {
    const source = scriptedSource([{ events: at(1, 2, 3, 4, 5), then: 'wait' }]);
    const subscription = new ResubscribingSubscription(source.open, { isTransient: isDropped });
    const seen: Item[] = [];
    for await (const item of subscription) {
      seen.push(item);
      if (seen.length === 2) await subscription.stop();
    }
    expect(positionsOf(seen)).toEqual([1, 2]);
    expect(source.closed).toBe(1);
  });

  it('reports the end of a source as SourceEndedError to onResubscribe', async () => {
    const source = scriptedSource([{ events: [], then: 'end' }]);
    const reports: ResubscribeInfo[] = [];
    const subscription = new ResubscribingSubscription(source.open, {
      isTransient: isDropped,
      ...fast,
      onResubscribe: (info) => reports.push(info),
    });
    const done = take(subscription, 1);
    while (source.opened.length < 2) await new Promise((resolve) => setTimeout(resolve, 1));
    await subscription.stop();
    await done;

    expect(reports[0]?.error).toBeInstanceOf(SourceEndedError);
  });
});
