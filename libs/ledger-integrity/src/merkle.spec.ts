import { beforeAll, describe, expect, it } from '@jest/globals';
import fc from 'fast-check';
import {
  EMPTY_ROOT_HASH,
  MerkleLog,
  consistencyProof,
  inclusionProof,
  leafHash,
  nodeHash,
  rootHash,
  sha256,
  toHex,
  verifyConsistency,
  verifyInclusion,
} from './merkle.js';
import {
  CONSISTENCY_PROOFS,
  INCLUSION_PROOFS,
  LEAF_INPUTS,
  NODE_HASHES,
  ROOT_HASHES,
} from './rfc6962-vectors.spec-helper.js';

const hex = (h: string) => Buffer.from(h, 'hex');
const hexes = (hashes: readonly Uint8Array[]) => hashes.map(toHex);
const leafHashes = LEAF_INPUTS.map((input) => leafHash(hex(input)));
const root = (size: number) => hex(ROOT_HASHES[size] as string);

/** Flips bit 3 of byte 0 of `proof[at]`, leaving the original alone. */
function flipBit(proof: readonly Uint8Array[], at: number): Buffer[] {
  return proof.map((hash, i) => {
    const copy = Buffer.from(hash);
    if (i === at) copy[0] = (copy[0] as number) ^ 0x08;
    return copy;
  });
}

/**
 * MTH(D[start:end]) of the 8 published leaves, from the published hashes of perfect subtrees; only a range that
 * is not a perfect subtree (e.g. D[4:7]) is combined here, by its RFC 6962 split.
 */
function publishedRange(start: number, end: number): Buffer {
  const width = end - start;
  const level = Math.log2(width);
  if (Number.isInteger(level) && start % width === 0) {
    return hex((NODE_HASHES[level] as string[])[start / width] as string);
  }
  let k = 1;
  while (k * 2 < width) k *= 2;
  return nodeHash(publishedRange(start, start + k), publishedRange(start + k, end));
}

/** Proof hashes written as ranges, e.g. '1-2 2-4' = [MTH(D[1:2]), MTH(D[2:4])]. */
const ranges = (spec: string): string[] =>
  spec === ''
    ? []
    : spec.split(' ').map((range) => {
        const [start, end] = range.split('-').map(Number) as [number, number];
        return toHex(publishedRange(start, end));
      });

/** PATH(m, D[n]) for every leaf of every tree up to 8 leaves, worked out by hand from RFC 9162 section 2.1.3.1. */
const PATHS: Record<number, string[]> = {
  1: [''],
  2: ['1-2', '0-1'],
  3: ['1-2 2-3', '0-1 2-3', '0-2'],
  4: ['1-2 2-4', '0-1 2-4', '3-4 0-2', '2-3 0-2'],
  5: ['1-2 2-4 4-5', '0-1 2-4 4-5', '3-4 0-2 4-5', '2-3 0-2 4-5', '0-4'],
  6: ['1-2 2-4 4-6', '0-1 2-4 4-6', '3-4 0-2 4-6', '2-3 0-2 4-6', '5-6 0-4', '4-5 0-4'],
  7: ['1-2 2-4 4-7', '0-1 2-4 4-7', '3-4 0-2 4-7', '2-3 0-2 4-7', '5-6 6-7 0-4', '4-5 6-7 0-4', '4-6 0-4'],
  8: [
    '1-2 2-4 4-8',
    '0-1 2-4 4-8',
    '3-4 0-2 4-8',
    '2-3 0-2 4-8',
    '5-6 6-8 0-4',
    '4-5 6-8 0-4',
    '7-8 4-6 0-4',
    '6-7 4-6 0-4',
  ],
};

/** PROOF(m, D[n]) for 0 < m < n <= 8, worked out by hand from RFC 9162 section 2.1.4.1; key `${m}:${n}`. */
const CONSISTENCY: Record<string, string> = {
  '1:2': '1-2',
  '1:3': '1-2 2-3',
  '2:3': '2-3',
  '1:4': '1-2 2-4',
  '2:4': '2-4',
  '3:4': '2-3 3-4 0-2',
  '1:5': '1-2 2-4 4-5',
  '2:5': '2-4 4-5',
  '3:5': '2-3 3-4 0-2 4-5',
  '4:5': '4-5',
  '1:6': '1-2 2-4 4-6',
  '2:6': '2-4 4-6',
  '3:6': '2-3 3-4 0-2 4-6',
  '4:6': '4-6',
  '5:6': '4-5 5-6 0-4',
  '1:7': '1-2 2-4 4-7',
  '2:7': '2-4 4-7',
  '3:7': '2-3 3-4 0-2 4-7',
  '4:7': '4-7',
  '5:7': '4-5 5-6 6-7 0-4',
  '6:7': '4-6 6-7 0-4',
  '1:8': '1-2 2-4 4-8',
  '2:8': '2-4 4-8',
  '3:8': '2-3 3-4 0-2 4-8',
  '4:8': '4-8',
  '5:8': '4-5 5-6 6-8 0-4',
  '6:8': '4-6 6-8 0-4',
  '7:8': '6-7 7-8 4-6 0-4',
};

/** MTH straight from the recursive definition of RFC 6962 section 2.1, as an independent reference. */
function referenceRoot(hashes: readonly Uint8Array[]): Buffer {
  if (hashes.length === 0) return sha256();
  if (hashes.length === 1) return Buffer.from(hashes[0] as Uint8Array);
  let k = 1;
  while (k * 2 < hashes.length) k *= 2;
  return nodeHash(referenceRoot(hashes.slice(0, k)), referenceRoot(hashes.slice(k)));
}

const distinctLeafHashes = (n: number, seed = 0) =>
  Array.from({ length: n }, (_, i) => leafHash(Buffer.from(`leaf ${seed}/${i}`)));

describe('RFC 6962 test vectors (transparency-dev/merkle)', () => {
  it('given the published leaves, when hashed, then they are the published level-0 node hashes', () => {
    expect(hexes(leafHashes)).toEqual(NODE_HASHES[0]);
  });

  it('given the first n published leaves, when the root is computed, then it is the published root for n = 0..8', () => {
    for (let n = 0; n <= 8; n++) {
      expect(toHex(rootHash(leafHashes.slice(0, n)))).toBe(ROOT_HASHES[n]);
    }
    expect(toHex(EMPTY_ROOT_HASH)).toBe(ROOT_HASHES[0]);
    expect(toHex(sha256())).toBe(ROOT_HASHES[0]);
  });

  it('given the published leaves, when appended one by one to a MerkleLog, then every root is the published one', () => {
    const log = new MerkleLog();
    expect(toHex(log.root())).toBe(ROOT_HASHES[0]);
    for (const [i, hash] of leafHashes.entries()) {
      expect(log.append(hash)).toBe(i + 1);
      expect(toHex(log.root())).toBe(ROOT_HASHES[i + 1]);
    }
  });

  it('generates every published inclusion proof and verifies it', () => {
    for (const { index, size, proof } of INCLUSION_PROOFS) {
      expect(hexes(inclusionProof(leafHashes, index, size))).toEqual(proof);
      expect(verifyInclusion(leafHashes[index] as Buffer, index, size, proof.map(hex), root(size))).toBe(
        true,
      );
    }
  });

  it('generates every published consistency proof and verifies it', () => {
    for (const { oldSize, newSize, proof } of CONSISTENCY_PROOFS) {
      expect(hexes(consistencyProof(leafHashes, oldSize, newSize))).toEqual(proof);
      expect(verifyConsistency(oldSize, newSize, proof.map(hex), root(oldSize), root(newSize))).toBe(true);
    }
  });

  it('generates, for every leaf of every tree up to 8 leaves, the path worked out from the published hashes', () => {
    for (let size = 1; size <= 8; size++) {
      for (let index = 0; index < size; index++) {
        const expected = ranges((PATHS[size] as string[])[index] as string);
        const proof = inclusionProof(leafHashes, index, size);
        expect({ index, size, proof: hexes(proof) }).toEqual({ index, size, proof: expected });
        expect(verifyInclusion(leafHashes[index] as Buffer, index, size, proof, root(size))).toBe(true);
      }
    }
  });

  it('generates, for every pair of tree sizes up to 8, the consistency proof worked out from the published hashes', () => {
    for (let newSize = 0; newSize <= 8; newSize++) {
      for (let oldSize = 0; oldSize <= newSize; oldSize++) {
        const spec =
          oldSize === 0 || oldSize === newSize ? '' : (CONSISTENCY[`${oldSize}:${newSize}`] as string);
        const proof = consistencyProof(leafHashes, oldSize, newSize);
        expect({ oldSize, newSize, proof: hexes(proof) }).toEqual({ oldSize, newSize, proof: ranges(spec) });
        expect(verifyConsistency(oldSize, newSize, proof, root(oldSize), root(newSize))).toBe(true);
      }
    }
  });
});

describe('verifyInclusion on tampered proofs', () => {
  const cases = INCLUSION_PROOFS.filter(({ proof }) => proof.length > 0);

  it('rejects an inclusion proof with one flipped bit', () => {
    for (const { index, size, proof } of cases) {
      for (let at = 0; at < proof.length; at++) {
        expect(
          verifyInclusion(leafHashes[index] as Buffer, index, size, flipBit(proof.map(hex), at), root(size)),
        ).toBe(false);
      }
    }
  });

  it('rejects an inclusion proof checked with a wrong leaf index', () => {
    for (const { index, size, proof } of cases) {
      for (const wrong of [index - 1, index + 1, index ^ 2]) {
        expect(verifyInclusion(leafHashes[index] as Buffer, wrong, size, proof.map(hex), root(size))).toBe(
          false,
        );
      }
    }
  });

  it('rejects an inclusion proof checked with a wrong tree size', () => {
    for (const { index, size, proof } of cases) {
      for (const wrong of [size * 2, Math.floor(size / 2), 0]) {
        expect(verifyInclusion(leafHashes[index] as Buffer, index, wrong, proof.map(hex), root(size))).toBe(
          false,
        );
      }
    }
  });

  it('rejects an inclusion proof for the wrong leaf, against the wrong root, or with a hash added or removed', () => {
    for (const { index, size, proof } of cases) {
      const hashes = proof.map(hex);
      const leaf = leafHashes[index] as Buffer;
      expect(verifyInclusion(leafHash(Buffer.from('WrongLeaf')), index, size, hashes, root(size))).toBe(
        false,
      );
      expect(verifyInclusion(leaf, index, size, hashes, EMPTY_ROOT_HASH)).toBe(false);
      expect(verifyInclusion(leaf, index, size, hashes.slice(0, -1), root(size))).toBe(false);
      expect(verifyInclusion(leaf, index, size, [...hashes, root(size)], root(size))).toBe(false);
      expect(verifyInclusion(leaf, index, size, [root(size), ...hashes], root(size))).toBe(false);
      expect(verifyInclusion(leaf, index, size, [...hashes, Buffer.alloc(0)], root(size))).toBe(false);
    }
  });

  it('rejects every other leaf index of every tree up to 8 leaves, and every flipped bit', () => {
    for (let size = 1; size <= 8; size++) {
      for (let index = 0; index < size; index++) {
        const proof = inclusionProof(leafHashes, index, size);
        const leaf = leafHashes[index] as Buffer;
        for (let other = 0; other < size; other++) {
          if (other !== index) expect(verifyInclusion(leaf, other, size, proof, root(size))).toBe(false);
        }
        for (let at = 0; at < proof.length; at++) {
          expect(verifyInclusion(leaf, index, size, flipBit(proof, at), root(size))).toBe(false);
        }
      }
    }
  });

  it('rejects an index outside the tree and an empty tree', () => {
    const leaf = leafHashes[0] as Buffer;
    expect(verifyInclusion(leaf, 0, 0, [], EMPTY_ROOT_HASH)).toBe(false);
    expect(verifyInclusion(leaf, 1, 1, [], leaf)).toBe(false);
    expect(verifyInclusion(leaf, -1, 1, [], leaf)).toBe(false);
    expect(verifyInclusion(leaf, 0, 1, [], leaf)).toBe(true);
  });
});

describe('verifyConsistency on tampered proofs', () => {
  const cases = CONSISTENCY_PROOFS.filter(({ proof }) => proof.length > 0);

  it('rejects a consistency proof with one flipped bit', () => {
    for (const { oldSize, newSize, proof } of cases) {
      for (let at = 0; at < proof.length; at++) {
        expect(
          verifyConsistency(oldSize, newSize, flipBit(proof.map(hex), at), root(oldSize), root(newSize)),
        ).toBe(false);
      }
    }
  });

  it('rejects a consistency proof checked with a wrong old size', () => {
    for (const { oldSize, newSize, proof } of cases) {
      for (const wrong of [oldSize - 1, oldSize + 1, oldSize ^ 2]) {
        expect(verifyConsistency(wrong, newSize, proof.map(hex), root(oldSize), root(newSize))).toBe(false);
      }
    }
  });

  it('rejects a consistency proof checked with a wrong new size', () => {
    for (const { oldSize, newSize, proof } of cases) {
      for (const wrong of [newSize * 2, Math.floor(newSize / 2)]) {
        expect(verifyConsistency(oldSize, wrong, proof.map(hex), root(oldSize), root(newSize))).toBe(false);
      }
    }
  });

  it('rejects a consistency proof against wrong or swapped roots, or with hashes added or removed', () => {
    for (const { oldSize, newSize, proof } of cases) {
      const hashes = proof.map(hex);
      const [r1, r2] = [root(oldSize), root(newSize)];
      expect(verifyConsistency(oldSize, newSize, hashes, EMPTY_ROOT_HASH, r2)).toBe(false);
      expect(verifyConsistency(oldSize, newSize, hashes, r1, EMPTY_ROOT_HASH)).toBe(false);
      expect(verifyConsistency(oldSize, newSize, hashes, r2, r1)).toBe(false);
      expect(verifyConsistency(oldSize, newSize, [], r1, r2)).toBe(false);
      expect(verifyConsistency(oldSize, newSize, hashes.slice(0, -1), r1, r2)).toBe(false);
      for (const extra of [r1, r2, hashes[0] as Buffer]) {
        expect(verifyConsistency(oldSize, newSize, [...hashes, extra], r1, r2)).toBe(false);
        expect(verifyConsistency(oldSize, newSize, [extra, ...hashes], r1, r2)).toBe(false);
      }
    }
  });

  it('rejects every flipped bit of every consistency proof between trees up to 8 leaves', () => {
    for (let newSize = 2; newSize <= 8; newSize++) {
      for (let oldSize = 1; oldSize < newSize; oldSize++) {
        const proof = consistencyProof(leafHashes, oldSize, newSize);
        for (let at = 0; at < proof.length; at++) {
          expect(verifyConsistency(oldSize, newSize, flipBit(proof, at), root(oldSize), root(newSize))).toBe(
            false,
          );
        }
      }
    }
  });

  it('given equal sizes or an empty old tree, accepts only an empty proof with the matching roots', () => {
    expect(verifyConsistency(3, 3, [], root(3), root(3))).toBe(true);
    expect(verifyConsistency(3, 3, [], root(3), root(4))).toBe(false);
    expect(verifyConsistency(3, 3, [root(3)], root(3), root(3))).toBe(false);
    expect(verifyConsistency(0, 5, [], EMPTY_ROOT_HASH, root(5))).toBe(true);
    expect(verifyConsistency(0, 5, [], root(1), root(5))).toBe(false);
    expect(verifyConsistency(0, 0, [], EMPTY_ROOT_HASH, EMPTY_ROOT_HASH)).toBe(true);
    expect(verifyConsistency(5, 3, [], root(5), root(3))).toBe(false);
  });
});

describe('Merkle proofs on random trees', () => {
  it('given any tree up to 300 leaves, every inclusion and consistency proof verifies, and the roots agree', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 300 }), fc.nat(), (size, seed) => {
        const hashes = distinctLeafHashes(size, seed);
        const expectedRoot = referenceRoot(hashes);
        expect(rootHash(hashes).equals(expectedRoot)).toBe(true);

        const log = new MerkleLog();
        const roots = [log.root()];
        for (const hash of hashes) {
          log.append(hash);
          roots.push(log.root());
        }
        expect(log.size).toBe(size);
        expect(log.root().equals(expectedRoot)).toBe(true);

        for (let index = 0; index < size; index++) {
          const proof = inclusionProof(hashes, index, size);
          expect(verifyInclusion(hashes[index] as Buffer, index, size, proof, expectedRoot)).toBe(true);
        }
        for (let oldSize = 0; oldSize <= size; oldSize++) {
          expect(roots[oldSize]?.equals(referenceRoot(hashes.slice(0, oldSize)))).toBe(true);
          const proof = consistencyProof(hashes, oldSize, size);
          expect(verifyConsistency(oldSize, size, proof, roots[oldSize] as Buffer, expectedRoot)).toBe(true);
        }
      }),
      { numRuns: 10 },
    );
  });

  it('given any tree, a proof with one flipped bit does not verify', () => {
    fc.assert(
      fc.property(
        fc
          .integer({ min: 2, max: 300 })
          .chain((size) =>
            fc.tuple(fc.constant(size), fc.nat(size - 1), fc.integer({ min: 1, max: size - 1 }), fc.nat()),
          ),
        ([size, index, oldSize, pick]) => {
          const hashes = distinctLeafHashes(size);
          const r = rootHash(hashes);
          const inclusion = inclusionProof(hashes, index, size);
          const leaf = hashes[index] as Buffer;
          expect(verifyInclusion(leaf, index, size, flipBit(inclusion, pick % inclusion.length), r)).toBe(
            false,
          );
          const consistency = consistencyProof(hashes, oldSize, size);
          const oldRoot = rootHash(hashes.slice(0, oldSize));
          const tampered = flipBit(consistency, pick % consistency.length);
          expect(verifyConsistency(oldSize, size, tampered, oldRoot, r)).toBe(false);
        },
      ),
      { numRuns: 200 },
    );
  });
});

describe('MerkleLog state', () => {
  it('given a log saved and restored at any size, when appending continues, then the roots are the same', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 200 }), fc.integer({ min: 0, max: 200 }), (before, after) => {
        const hashes = distinctLeafHashes(before + after);
        const log = new MerkleLog();
        hashes.slice(0, before).forEach((hash) => log.append(hash));
        const state = JSON.parse(JSON.stringify(log));
        expect(state.frontier.length).toBeLessThanOrEqual(Math.floor(Math.log2(Math.max(before, 1))) + 1);
        const restored = MerkleLog.restore(state);
        expect(restored.size).toBe(before);
        hashes.slice(before).forEach((hash) => restored.append(hash));
        expect(restored.root().equals(rootHash(hashes))).toBe(true);
      }),
      { numRuns: 50 },
    );
  });

  it('rejects a saved state whose frontier does not fit its size', () => {
    const log = new MerkleLog();
    distinctLeafHashes(6).forEach((hash) => log.append(hash)); // 6 = 0b110: two subtrees
    const state = log.toJSON();
    expect(state.frontier).toHaveLength(2);
    expect(() => MerkleLog.restore({ ...state, size: 7 })).toThrow(TypeError);
    expect(() =>
      MerkleLog.restore({ ...state, frontier: [...state.frontier, state.frontier[0] as string] }),
    ).toThrow(TypeError);
    expect(() => MerkleLog.restore({ size: 1, frontier: ['zz'] })).toThrow(TypeError);
    expect(() => MerkleLog.restore({ size: -1, frontier: [] })).toThrow(TypeError);
  });

  it('rejects a leaf hash that is not 32 bytes', () => {
    expect(() => new MerkleLog().append(Buffer.alloc(31))).toThrow(TypeError);
  });
});

describe('a log of a million leaves', () => {
  const size = 1_000_000;
  const checkpointSizes = [1, 2, 3, 524_287, 524_288, 524_289, 999_999];
  const checkpoints = new Map<number, Buffer>();
  const log = new MerkleLog();
  let root: Buffer;
  // Hashes live in one buffer per tree level (views into it), not in millions of small allocations.
  const hashes: Buffer[] = [];
  /** Stored perfect-subtree hashes, as a ledger could keep them, so any subtree's MTH costs O(log n). */
  const levels: Buffer[] = [];
  const at = (level: number, i: number) => (levels[level] as Buffer).subarray(i * 32, i * 32 + 32);
  const hashRange = (start: number, end: number): Buffer => {
    const width = end - start;
    if ((width & (width - 1)) === 0) return at(Math.log2(width), start / width);
    let k = 1;
    while (k * 2 < width) k *= 2;
    return nodeHash(hashRange(start, start + k), hashRange(start + k, end));
  };

  beforeAll(() => {
    const leaves = Buffer.allocUnsafe(size * 32);
    levels.push(leaves);
    const leaf = Buffer.alloc(8);
    for (let i = 0; i < size; i++) {
      leaf.writeUInt32BE(i, 4);
      leafHash(leaf).copy(leaves, i * 32);
      hashes.push(at(0, i));
      log.append(at(0, i));
      if (checkpointSizes.includes(log.size)) checkpoints.set(log.size, log.root());
    }
    root = log.root();
    for (let width = Math.floor(size / 2); width >= 1; width = Math.floor(width / 2)) {
      const level = Buffer.allocUnsafe(width * 32);
      for (let i = 0; i < width; i++)
        nodeHash(at(levels.length - 1, 2 * i), at(levels.length - 1, 2 * i + 1)).copy(level, i * 32);
      levels.push(level);
    }
  });

  it('keeps only a logarithmic frontier, survives a save and restore, and has the root of its subtrees', () => {
    expect(log.size).toBe(size);
    expect(log.toJSON().frontier).toHaveLength(7); // 1_000_000 has seven 1 bits
    expect(MerkleLog.restore(log.toJSON()).root().equals(root)).toBe(true);
    expect(hashRange(0, size).equals(root)).toBe(true);
  });

  it('proves inclusion of a leaf from the list of leaf hashes', () => {
    const proof = inclusionProof(hashes, 765_432, size);
    expect(verifyInclusion(hashes[765_432] as Buffer, 765_432, size, proof, root)).toBe(true);
  });

  it('proves inclusion of leaves from stored subtree hashes', () => {
    for (const index of [0, 1, 524_287, 524_288, 999_998, 999_999]) {
      const proof = inclusionProof(hashRange, index, size);
      expect(proof.length).toBeLessThanOrEqual(20);
      expect(verifyInclusion(hashes[index] as Buffer, index, size, proof, root)).toBe(true);
      expect(verifyInclusion(hashes[index] as Buffer, index, size, flipBit(proof, 0), root)).toBe(false);
    }
  });

  it('proves consistency with an earlier size from the list of leaf hashes', () => {
    const proof = consistencyProof(hashes, 999_999, size);
    expect(verifyConsistency(999_999, size, proof, checkpoints.get(999_999) as Buffer, root)).toBe(true);
  });

  it('proves consistency with earlier sizes from stored subtree hashes', () => {
    expect(checkpoints.size).toBe(checkpointSizes.length);
    for (const [oldSize, oldRoot] of checkpoints) {
      const proof = consistencyProof(hashRange, oldSize, size);
      expect(verifyConsistency(oldSize, size, proof, oldRoot, root)).toBe(true);
      expect(verifyConsistency(oldSize, size, flipBit(proof, proof.length - 1), oldRoot, root)).toBe(false);
    }
  });
});
