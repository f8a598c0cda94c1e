/**
 * Proofs from stored perfect subtrees. A log that keeps every node `MerkleLog.append` reports (fewer than 2n for
 * n leaves) answers any RFC 6962 proof with O(log^2 n) stored hashes: every range a proof asks for starts on a
 * boundary of its own size, so it is a run of perfect subtrees, largest first, folded from the right.
 */
import { nodeHash, type LeafHashSource } from './merkle.js';

export interface NodeRef {
  level: number;
  index: number;
}

/** The perfect subtrees that make up D[start:end], largest first. */
export function subtreesOf(start: number, end: number): NodeRef[] {
  if (!(Number.isSafeInteger(start) && Number.isSafeInteger(end) && 0 <= start && start < end)) {
    throw new RangeError(`not a range of leaves: [${start}, ${end})`);
  }
  const nodes: NodeRef[] = [];
  let at = start;
  while (at < end) {
    let level = 0;
    // Grow while the subtree stays aligned on `at` and inside the range.
    while (at % 2 ** (level + 1) === 0 && at + 2 ** (level + 1) <= end) level += 1;
    nodes.push({ level, index: at / 2 ** level });
    at += 2 ** level;
  }
  return nodes;
}

export const nodeKey = ({ level, index }: NodeRef): string => `${level}:${index}`;

/**
 * Runs `compute` (a proof over a `LeafHashSource`) against stored nodes: a first run with placeholder hashes
 * learns which ranges it needs (they depend on the sizes only), `fetch` loads those nodes in one go, and a second
 * run computes with them. `fetch` returns hashes keyed by `nodeKey`; a missing node is an error.
 */
export async function withStoredNodes<T>(
  compute: (source: LeafHashSource) => T,
  fetch: (nodes: readonly NodeRef[]) => Promise<ReadonlyMap<string, Uint8Array>>,
): Promise<T> {
  const wanted = new Map<string, NodeRef>();
  const placeholder = new Uint8Array(32);
  compute((start, end) => {
    for (const node of subtreesOf(start, end)) wanted.set(nodeKey(node), node);
    return placeholder;
  });
  const stored = await fetch([...wanted.values()]);
  return compute((start, end) => {
    const hashes = subtreesOf(start, end).map((node) => {
      const hash = stored.get(nodeKey(node));
      if (hash === undefined) throw new Error(`Merkle node ${nodeKey(node)} is not stored`);
      return hash;
    });
    let root = hashes.pop() as Uint8Array;
    while (hashes.length > 0) root = nodeHash(hashes.pop() as Uint8Array, root);
    return root;
  });
}
