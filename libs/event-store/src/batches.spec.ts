import { describe, expect, it } from '@jest/globals';
import { batches } from './batches.js';

/** An async source the test feeds by hand; counts how often it was asked for the next value. */
function feed<T>() {
  const buffered: IteratorResult<T>[] = [];
  const waiting: ((result: IteratorResult<T>) => void)[] = [];
  let failure: Error | undefined;
  const source = {
    pulls: 0,
    next(): Promise<IteratorResult<T>> {
      source.pulls++;
      if (failure) return Promise.reject(failure);
      const ready = buffered.shift();
      return ready ? Promise.resolve(ready) : new Promise((resolve) => waiting.push(resolve));
    },
    push(...values: T[]) {
      for (const value of values) deliver({ value, done: false });
    },
    end() {
      deliver({ value: undefined, done: true });
    },
    fail(err: Error) {
      failure = err;
    },
  };
  function deliver(result: IteratorResult<T>) {
    const resolve = waiting.shift();
    if (resolve) resolve(result);
    else buffered.push(result);
  }
  return source;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe('batches', () => {
  it('cuts what is already available into batches of at most maxEvents', async () => {
    const source = feed<number>();
    source.push(1, 2, 3, 4, 5, 6, 7);
    source.end();
    const seen: number[][] = [];
    for await (const batch of batches(source, { maxEvents: 3, maxWaitMs: 1_000 })) seen.push(batch);
    expect(seen).toEqual([[1, 2, 3], [4, 5, 6], [7]]);
  });

  it('closes a batch maxWaitMs after its first event when no more come', async () => {
    const source = feed<number>();
    const iterator = batches(source, { maxEvents: 100, maxWaitMs: 30 });
    const first = iterator.next();
    await sleep(5);
    source.push(1, 2);
    const started = Date.now();
    expect((await first).value).toEqual([1, 2]);
    expect(Date.now() - started).toBeGreaterThanOrEqual(20);
    await iterator.return(undefined);
  });

  it('hands out an empty batch every maxWaitMs while the source is idle', async () => {
    const source = feed<number>();
    const iterator = batches(source, { maxEvents: 10, maxWaitMs: 10 });
    expect((await iterator.next()).value).toEqual([]);
    expect((await iterator.next()).value).toEqual([]);
    source.push(5);
    const next = await iterator.next();
    expect(next.value).toEqual([5]);
    // The one read that was waiting was reused, not abandoned for a new one.
    expect(source.pulls).toBe(2);
    await iterator.return(undefined);
  });

  it('starts the next read as soon as it hands out a full batch', async () => {
    const source = feed<number>();
    source.push(1, 2);
    const iterator = batches(source, { maxEvents: 2, maxWaitMs: 1_000 });
    expect((await iterator.next()).value).toEqual([1, 2]);
    expect(source.pulls).toBe(3);
    await iterator.return(undefined);
  });

  it('passes on an error of the source', async () => {
    const source = feed<number>();
    source.push(1);
    source.fail(new Error('connection lost'));
    const iterator = batches(source, { maxEvents: 5, maxWaitMs: 1_000 });
    await expect(iterator.next()).rejects.toThrow('connection lost');
  });

  it('refuses a batch size that is not a positive integer', async () => {
    await expect(batches(feed<number>(), { maxEvents: 0 }).next()).rejects.toThrow(RangeError);
  });
});
