import { describe, expect, it, jest } from '@jest/globals';
import type { RecordedEvent } from './event-store.port.js';
import { PollingSubscription, type ReadBatch } from './polling-subscription.js';

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

function recorded(position: number): RecordedEvent {
  return {
    eventId: `0190c4e0-0000-7000-8000-${position.toString(16).padStart(12, '0')}`,
    type: 'T',
    schemaVersion: 1,
    data: {},
    metadata: {},
    streamId: 'case-1',
    revision: position - 1,
    position: BigInt(position),
    createdAt: new Date(0),
    hash: '00'.repeat(32),
  };
}

/** An in-memory log; records when and how each read happened. */
function fakeLog(initial: number) {
  const log = Array.from({ length: initial }, (_, i) => recorded(i + 1));
  const reads: { at: number; after: bigint | undefined; returned: number }[] = [];
  const read: ReadBatch = async (after, maxCount) => {
    const batch = log.filter((e) => after === undefined || e.position > after).slice(0, maxCount);
    reads.push({ at: Date.now(), after, returned: batch.length });
    return batch;
  };
  return { log, reads, read, append: () => log.push(recorded(log.length + 1)) };
}

async function take(subscription: PollingSubscription, count: number): Promise<RecordedEvent[]> {
  const seen: RecordedEvent[] = [];
  if (count === 0) return seen;
  for await (const e of subscription) {
    seen.push(e);
    if (seen.length === count) break;
  }
  return seen;
}

describe('PollingSubscription', () => {
  it('reads a backlog in full batches back to back, then delivers new events once each', async () => {
    const { log, reads, read, append } = fakeLog(7);
    const subscription = new PollingSubscription(read, { batchSize: 3, minDelayMs: 1, maxDelayMs: 5 });
    const iterator = subscription[Symbol.asyncIterator]();
    const seen: RecordedEvent[] = [];
    for (let i = 0; i < 7; i++) seen.push((await iterator.next()).value as RecordedEvent);
    expect(reads.slice(0, 3).map((r) => r.returned)).toEqual([3, 3, 1]);

    append();
    append();
    seen.push((await iterator.next()).value as RecordedEvent, (await iterator.next()).value as RecordedEvent);
    await subscription.stop();
    expect(await iterator.next()).toEqual({ done: true, value: undefined });
    expect(seen.map((e) => e.position)).toEqual(log.map((e) => e.position));
  });

  it('resumes strictly after the checkpoint it was given', async () => {
    const { read } = fakeLog(5);
    const subscription = new PollingSubscription(read, { after: 3n });
    expect((await take(subscription, 2)).map((e) => e.position)).toEqual([4n, 5n]);
  });

  it('backs off while idle, no further apart than maxDelayMs', async () => {
    const { reads, read } = fakeLog(0);
    const subscription = new PollingSubscription(read, { minDelayMs: 5, maxDelayMs: 40 });
    const iteration = take(subscription, 1);
    await sleep(400);
    await subscription.stop();
    await iteration;

    const gaps = reads.slice(1).map((r, i) => r.at - reads[i]!.at);
    // 5, 10, 20, 40, 40 … ms: far fewer reads than a fixed 5 ms poll, none far above the cap.
    expect(reads.length).toBeLessThan(25);
    expect(reads.length).toBeGreaterThan(4);
    expect(gaps.slice(-3).every((gap) => gap >= 30)).toBe(true);
  });

  it('wake() cuts a long idle pause short', async () => {
    const { read, append } = fakeLog(0);
    const subscription = new PollingSubscription(read, { minDelayMs: 5, maxDelayMs: 5_000 });
    const iteration = take(subscription, 1);
    await sleep(700); // the pause is now hundreds of milliseconds long

    const woken = Date.now();
    append();
    subscription.wake();
    expect(await iteration).toHaveLength(1);
    expect(Date.now() - woken).toBeLessThan(250);
  });

  it('skips the next pause when wake() came while a read was running', async () => {
    let release!: () => void;
    const reads: number[] = [];
    const read: ReadBatch = async () => {
      reads.push(Date.now());
      if (reads.length === 1) await new Promise<void>((resolve) => (release = resolve));
      return [];
    };
    const subscription = new PollingSubscription(read, { minDelayMs: 2_000, maxDelayMs: 2_000 });
    void take(subscription, 1);
    await sleep(20);
    subscription.wake();
    release();
    await sleep(200);
    expect(reads.length).toBe(2);
    await subscription.stop();
  });

  it('stop() promptly ends an iteration waiting in a pause', async () => {
    const { read } = fakeLog(0);
    const subscription = new PollingSubscription(read, { minDelayMs: 10_000, maxDelayMs: 10_000 });
    const iteration = take(subscription, 1);
    await sleep(50);

    const stopping = Date.now();
    await subscription.stop();
    expect(await iteration).toEqual([]);
    expect(Date.now() - stopping).toBeLessThan(200);
  });

  it('stop() waits for a running read and then yields none of its events', async () => {
    let release!: (events: RecordedEvent[]) => void;
    const read: ReadBatch = () => new Promise((resolve) => (release = resolve));
    const subscription = new PollingSubscription(read);
    const iterator = subscription[Symbol.asyncIterator]();
    const next = iterator.next();
    await sleep(10);

    let stopped = false;
    const stopping = subscription.stop().then(() => (stopped = true));
    await sleep(20);
    expect(stopped).toBe(false);
    release([recorded(1)]);
    await stopping;
    expect(await next).toEqual({ done: true, value: undefined });
  });

  it('ends the iteration with the error of a failing read', async () => {
    const failure = new Error('connection lost');
    const subscription = new PollingSubscription(() => Promise.reject(failure));
    await expect(take(subscription, 1)).rejects.toBe(failure);
  });

  it('reports its end once the consumer stops iterating', async () => {
    const { read } = fakeLog(3);
    const onEnd = jest.fn();
    const subscription = new PollingSubscription(read, {}, onEnd);
    await take(subscription, 2);
    expect(onEnd).toHaveBeenCalledWith(subscription);
  });

  it('refuses a batch size below 1', () => {
    expect(() => new PollingSubscription(fakeLog(0).read, { batchSize: 0 })).toThrow(RangeError);
  });
});
