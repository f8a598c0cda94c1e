import { describe, expect, it } from '@jest/globals';
import { MerkleLog, consistencyProof, inclusionProof, leafHash, rootHash, toHex } from './merkle.js';
import { merkleLeafBytes } from './merkle-leaf.js';
import { nodeKey, subtreesOf, withStoredNodes } from './stored-nodes.js';

const leaves = (n: number) => Array.from({ length: n }, (_, i) => leafHash(Buffer.from(`leaf ${i}`)));

/** Every node a MerkleLog reports while n leaves are appended, as a store would keep them. */
function storedNodes(hashes: readonly Buffer[]): Map<string, Uint8Array> {
  const log = new MerkleLog();
  const nodes = new Map<string, Uint8Array>();
  for (const hash of hashes) log.append(hash, (node) => nodes.set(nodeKey(node), node.hash));
  return nodes;
}

describe('stored Merkle nodes', () => {
  it('reports every perfect subtree (2n minus the 1 bits of n) with the root of its leaves as hash', () => {
    const hashes = leaves(13);
    const nodes = storedNodes(hashes);
    expect(nodes.size).toBe(2 * 13 - 3);
    expect(toHex(nodes.get('2:1')!)).toBe(toHex(rootHash(hashes.slice(4, 8))));
    expect(toHex(nodes.get('3:0')!)).toBe(toHex(rootHash(hashes.slice(0, 8))));
  });

  it('splits a range into aligned perfect subtrees, largest first', () => {
    expect(subtreesOf(0, 13)).toEqual([
      { level: 3, index: 0 },
      { level: 2, index: 2 },
      { level: 0, index: 12 },
    ]);
    expect(subtreesOf(8, 11)).toEqual([
      { level: 1, index: 4 },
      { level: 0, index: 10 },
    ]);
    expect(() => subtreesOf(3, 3)).toThrow(RangeError);
  });

  it('gives the same inclusion and consistency proofs as the full list of leaves, fetching few nodes', async () => {
    const hashes = leaves(70);
    const nodes = storedNodes(hashes);
    for (const size of [1, 2, 3, 7, 8, 9, 31, 64, 70]) {
      for (const index of [0, Math.floor(size / 2), size - 1]) {
        let fetched = 0;
        const proof = await withStoredNodes(
          (source) => inclusionProof(source, index, size),
          async (refs) => {
            fetched = refs.length;
            return new Map(refs.map((ref) => [nodeKey(ref), nodes.get(nodeKey(ref))!]));
          },
        );
        expect(proof.map(toHex)).toEqual(inclusionProof(hashes, index, size).map(toHex));
        expect(fetched).toBeLessThanOrEqual(7 * 7);
      }
      for (const old of [1, Math.ceil(size / 3), size]) {
        const proof = await withStoredNodes(
          (source) => consistencyProof(source, old, size),
          async (refs) => new Map(refs.map((ref) => [nodeKey(ref), nodes.get(nodeKey(ref))!])),
        );
        expect(proof.map(toHex)).toEqual(consistencyProof(hashes, old, size).map(toHex));
      }
    }
  });

  it('fails clearly when a node it needs is not stored', async () => {
    await expect(
      withStoredNodes(
        (source) => inclusionProof(source, 0, 4),
        async () => new Map(),
      ),
    ).rejects.toThrow(/is not stored/);
  });
});

describe('Merkle leaf bytes', () => {
  it('lays out tag, event hash, position and recorded time as documented', () => {
    const bytes = merkleLeafBytes({
      hash: 'ab'.repeat(32),
      position: 2n ** 60n + 5n,
      createdAt: new Date('2022-09-18T03:00:00.000Z'),
    });
    expect(bytes.subarray(0, 15).toString('ascii')).toBe('ledger-leaf/v1\0');
    expect(bytes.subarray(15, 47).toString('hex')).toBe('ab'.repeat(32));
    expect(bytes.readBigUInt64BE(47)).toBe(2n ** 60n + 5n);
    expect(Number(bytes.readBigInt64BE(55))).toBe(Date.parse('2022-09-18T03:00:00.000Z'));
    expect(bytes).toHaveLength(63);
  });
});
