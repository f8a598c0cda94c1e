import { describe, expect, it } from '@jest/globals';
import fc from 'fast-check';
import { newestPosition, readAllAfter, type ReadBackwardFrom, type ReadForwardFrom } from './read-all.js';

interface Entry {
  position: bigint;
  /** One of the ledger's events, as opposed to a system or foreign one. */
  own: boolean;
}

/**
 * $all as KurrentDB pages through it: forwards from a position inclusively, backwards from a
 * position exclusively (it starts before the record there), `maxCount` entries at most.
 */
function log(entries: Entry[]) {
  const reads: { from: bigint | undefined; maxCount: number }[] = [];
  const forward: ReadForwardFrom<Entry> = async (from, maxCount) => {
    reads.push({ from, maxCount });
    return entries.filter((e) => from === undefined || e.position >= from).slice(0, maxCount);
  };
  const backward: ReadBackwardFrom<Entry> = async (before, maxCount) => {
    reads.push({ from: before, maxCount });
    return entries
      .filter((e) => before === undefined || e.position < before)
      .reverse()
      .slice(0, maxCount);
  };
  return { forward, backward, reads };
}

const own = (e: Entry) => e.own;

/** Sorted, distinct positions, some of them the ledger's. */
const entries = fc
  .uniqueArray(fc.bigInt({ min: 1n, max: 10_000n }), { maxLength: 60 })
  .chain((positions) =>
    fc.tuple(
      fc.constant([...positions].sort((a, b) => (a < b ? -1 : 1))),
      fc.array(fc.boolean(), { minLength: positions.length, maxLength: positions.length }),
    ),
  )
  .map(([positions, flags]) => positions.map((position, i): Entry => ({ position, own: flags[i]! })));

describe('readAllAfter', () => {
  it('returns exactly the ledger entries strictly after the checkpoint, at most maxCount, whatever the page size', async () => {
    await fc.assert(
      fc.asyncProperty(
        entries,
        fc.option(fc.bigInt({ min: 0n, max: 10_001n }), { nil: undefined }),
        fc.option(fc.nat({ max: 70 }), { nil: undefined }),
        fc.integer({ min: 2, max: 12 }),
        async (all, after, maxCount, pageSize) => {
          const { forward } = log(all);
          const expected = all
            .filter((e) => (after === undefined || e.position > after) && e.own)
            .slice(0, maxCount ?? Infinity);
          const read = await readAllAfter(forward, own, {
            ...(after === undefined ? {} : { after }),
            ...(maxCount === undefined ? {} : { maxCount }),
            pageSize,
          });
          expect(read).toEqual(expected);
        },
      ),
    );
  });

  it('resumes from a checkpoint that is an event position without returning that event again', async () => {
    const all: Entry[] = [10n, 20n, 30n, 40n].map((position) => ({ position, own: true }));
    const { forward, reads } = log(all);
    expect(await readAllAfter(forward, own, { after: 20n, maxCount: 1 })).toEqual([all[2]]);
    // The inclusive read asks for one more than maxCount, to step over the checkpoint's event.
    expect(reads).toEqual([{ from: 20n, maxCount: 2 }]);
  });

  it('pages on past entries it skips, so a short answer only ever means the end of the log', async () => {
    const all: Entry[] = Array.from({ length: 30 }, (_, i) => ({ position: BigInt(i + 1), own: i >= 25 }));
    const { forward, reads } = log(all);
    const read = await readAllAfter(forward, own, { maxCount: 3, pageSize: 10 });
    expect(read.map((e) => e.position)).toEqual([26n, 27n, 28n]);
    expect(reads.length).toBeGreaterThan(1);
  });

  it('reads nothing for maxCount 0', async () => {
    const { forward, reads } = log([{ position: 1n, own: true }]);
    expect(await readAllAfter(forward, own, { maxCount: 0 })).toEqual([]);
    expect(reads).toEqual([]);
  });

  it('refuses a page size that could not make progress', async () => {
    const { forward } = log([]);
    await expect(readAllAfter(forward, own, { pageSize: 1 })).rejects.toThrow(RangeError);
  });

  it('fails instead of looping when the store keeps answering with what it already gave', async () => {
    const stuck: ReadForwardFrom<Entry> = async () => [
      { position: 5n, own: false },
      { position: 5n, own: false },
    ];
    await expect(readAllAfter(stuck, own, { after: 5n, pageSize: 2 })).rejects.toThrow(/no progress/);
  });
});

describe('newestPosition', () => {
  it('is the position of the newest ledger entry, or 0n when there is none', async () => {
    await fc.assert(
      fc.asyncProperty(entries, fc.integer({ min: 2, max: 8 }), async (all, pageSize) => {
        const { backward } = log(all);
        const newest = all.filter(own).at(-1)?.position ?? 0n;
        expect(await newestPosition(backward, own, pageSize)).toBe(newest);
      }),
    );
  });

  it('reads just the newest entry when it is the ledger’s, then pages back past others', async () => {
    const { backward, reads } = log([
      { position: 1n, own: true },
      { position: 2n, own: true },
      { position: 3n, own: false },
    ]);
    expect(await newestPosition(backward, own, 4)).toBe(2n);
    expect(reads).toEqual([
      { from: undefined, maxCount: 1 },
      { from: 3n, maxCount: 4 },
    ]);
  });
});
