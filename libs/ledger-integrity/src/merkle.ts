/**
 * The Merkle log of RFC 6962 section 2.1 / RFC 9162 section 2.1, with SHA-256:
 *
 *   MTH({})       = SHA-256()                                  (the empty string)
 *   leaf hash     = SHA-256(0x00 || leaf bytes)
 *   node hash     = SHA-256(0x01 || left hash || right hash)
 *   MTH(D[n])     = leaf hash of d(0)                           when n = 1
 *                 = node hash of MTH(D[0:k]) and MTH(D[k:n])    when n > 1, k the largest power of 2 below n
 *
 * Proofs are generated and verified exactly as RFC 9162 sections 2.1.3 and 2.1.4 describe, so any RFC 6962
 * implementation (Certificate Transparency, transparency-dev/merkle, Trillian) checks them. Hashes are 32-byte
 * `Uint8Array`s (Node `Buffer`s when produced here); tree sizes and indexes are safe non-negative integers.
 */
import { createHash, hash, timingSafeEqual } from 'node:crypto';

export const HASH_BYTES = 32;

export function sha256(...parts: readonly Uint8Array[]): Buffer {
  const digest = createHash('sha256');
  for (const part of parts) digest.update(part);
  return digest.digest();
}

/** The root of the empty tree: SHA-256 of the empty string. */
export const EMPTY_ROOT_HASH: Buffer = sha256();

/** SHA-256(0x00 || leaf): the hash of a leaf's bytes. */
export function leafHash(leaf: Uint8Array): Buffer {
  const input = Buffer.allocUnsafe(1 + leaf.byteLength);
  input[0] = 0x00;
  input.set(leaf, 1);
  return hash('sha256', input, 'buffer');
}

const NODE_PREFIX = Buffer.from([0x01]);
const NODE_INPUT = Buffer.concat([NODE_PREFIX, Buffer.alloc(2 * HASH_BYTES)]);

/** SHA-256(0x01 || left || right): the hash of an inner node. */
export function nodeHash(left: Uint8Array, right: Uint8Array): Buffer {
  // One-shot hashing of one reused buffer (hashing is synchronous): logs and proofs spend their time here.
  if (left.byteLength !== HASH_BYTES || right.byteLength !== HASH_BYTES) {
    return hash('sha256', Buffer.concat([NODE_PREFIX, left, right]), 'buffer');
  }
  NODE_INPUT.set(left, 1);
  NODE_INPUT.set(right, 1 + HASH_BYTES);
  return hash('sha256', NODE_INPUT, 'buffer');
}

/** Lowercase hex of a hash. */
export function toHex(hash: Uint8Array): string {
  return Buffer.from(hash.buffer, hash.byteOffset, hash.byteLength).toString('hex');
}

/** A 32-byte hash from its 64 hex digits (either case); throws a `TypeError` for anything else. */
export function hashFromHex(hex: string, what = 'hash'): Buffer {
  // Buffer's decoder stops at the first non-hex digit: 32 bytes from 64 characters means all of them were hex.
  const bytes = hex.length === 2 * HASH_BYTES ? Buffer.from(hex, 'hex') : undefined;
  if (bytes?.length !== HASH_BYTES) throw new TypeError(`${what} must be 64 hex digits`);
  return bytes;
}

/** Constant-time equality of two hashes; false when either is not 32 bytes. */
export function hashesEqual(a: Uint8Array, b: Uint8Array): boolean {
  return a.byteLength === HASH_BYTES && b.byteLength === HASH_BYTES && timingSafeEqual(a, b);
}

/** The Merkle tree hash of the leaves whose leaf hashes (not leaf bytes) are given: MTH(D[n]). */
export function rootHash(leafHashes: readonly Uint8Array[]): Buffer {
  const log = new MerkleLog();
  for (const hash of leafHashes) log.append(hash);
  return log.root();
}

/** A perfect subtree: the 2^level leaves from index * 2^level on, with its hash. */
export interface MerkleNode {
  level: number;
  index: number;
  hash: Buffer;
}

/** The serializable state of a `MerkleLog`: its size and the roots of its perfect subtrees, largest first. */
export interface MerkleLogState {
  size: number;
  frontier: string[];
}

/**
 * An append-only Merkle log that keeps only its right edge: the roots of the perfect subtrees that the binary
 * digits of its size describe (at most log2(size) + 1 hashes). Appending costs amortized two hashes; the root
 * costs at most log2(size) hashes. A subscriber can follow millions of events with it and persist its state.
 */
export class MerkleLog {
  #size = 0;
  // frontier[i] is the root of a perfect subtree; heights strictly decrease along the array.
  #frontier: Buffer[] = [];

  get size(): number {
    return this.#size;
  }

  /**
   * Appends one leaf hash (SHA-256(0x00 || leaf), e.g. from `leafHash`); returns the new size. `onNode` hears of
   * every perfect subtree the leaf completes, itself included (level 0), so a store can keep them for proofs.
   */
  append(leafHash: Uint8Array, onNode?: (node: MerkleNode) => void): number {
    assertHash(leafHash, 'leaf hash');
    if (this.#size >= Number.MAX_SAFE_INTEGER) throw new RangeError('Merkle log is full');
    let carry: Buffer = Buffer.from(leafHash);
    onNode?.({ level: 0, index: this.#size, hash: carry });
    // Each trailing 1 bit of the old size is a perfect subtree of the new leaf's height: merge them.
    let level = 0;
    for (let size = this.#size; size % 2 === 1; size = Math.floor(size / 2)) {
      carry = nodeHash(this.#frontier.pop() as Buffer, carry);
      level += 1;
      onNode?.({ level, index: Math.floor(this.#size / 2 ** level), hash: carry });
    }
    this.#frontier.push(carry);
    this.#size += 1;
    return this.#size;
  }

  /** MTH of every leaf appended so far. */
  root(): Buffer {
    if (this.#size === 0) return Buffer.from(EMPTY_ROOT_HASH);
    // MTH folds the smaller right-hand subtrees into the larger left-hand ones.
    let root = this.#frontier[this.#frontier.length - 1] as Buffer;
    for (let i = this.#frontier.length - 2; i >= 0; i--) root = nodeHash(this.#frontier[i] as Buffer, root);
    return root;
  }

  toJSON(): MerkleLogState {
    return { size: this.#size, frontier: this.#frontier.map(toHex) };
  }

  /** A log from a saved state; throws a `TypeError` when the frontier does not fit the size. */
  static restore(state: MerkleLogState): MerkleLog {
    assertSize(state.size, 'size');
    if (!Array.isArray(state.frontier) || state.frontier.length !== popCount(state.size)) {
      throw new TypeError(`a Merkle log of size ${state.size} has ${popCount(state.size)} frontier hashes`);
    }
    const log = new MerkleLog();
    log.#size = state.size;
    log.#frontier = state.frontier.map((hex, i) => hashFromHex(hex, `frontier[${i}]`));
    return log;
  }
}

/**
 * Where proofs get subtree hashes from: either the list of leaf hashes, or a function returning MTH(D[start:end])
 * for 0 <= start < end (only ranges that are subtrees of the RFC 6962 tree are asked for), e.g. backed by stored
 * nodes. With a list, a proof costs O(n) hashes; with stored nodes it can cost O(log n).
 */
export type LeafHashSource = readonly Uint8Array[] | ((start: number, end: number) => Uint8Array);

function rangeHasher(source: LeafHashSource, size: number): (start: number, end: number) => Uint8Array {
  if (typeof source === 'function') return source;
  if (source.length < size) throw new RangeError(`the tree of size ${size} needs ${size} leaf hashes`);
  return (start, end) => listRangeHash(source, start, end);
}

/** MTH(D[start:end]) of a list of leaf hashes in one pass: a stack of perfect subtrees, as in `MerkleLog`. */
function listRangeHash(leafHashes: readonly Uint8Array[], start: number, end: number): Uint8Array {
  const stack: Uint8Array[] = [];
  for (let i = start; i < end; i++) {
    let carry = leafHashes[i] as Uint8Array;
    for (let count = i - start; count % 2 === 1; count = Math.floor(count / 2)) {
      carry = nodeHash(stack.pop() as Uint8Array, carry);
    }
    stack.push(carry);
  }
  let root = stack.pop() as Uint8Array;
  while (stack.length > 0) root = nodeHash(stack.pop() as Uint8Array, root);
  return root;
}

/** The largest power of two strictly below n (n > 1). */
function splitPoint(n: number): number {
  let k = 1;
  while (k * 2 < n) k *= 2;
  return k;
}

/**
 * The inclusion proof (audit path) of leaf `index` in the tree of the first `size` leaves:
 * PATH(m, D[n]) of RFC 9162 section 2.1.3.1, hashes ordered from the leaf up.
 */
export function inclusionProof(source: LeafHashSource, index: number, size: number): Buffer[] {
  assertSize(size, 'tree size');
  assertSize(index, 'leaf index');
  if (index >= size) throw new RangeError(`leaf index ${index} is not in a tree of size ${size}`);
  const hashRange = rangeHasher(source, size);
  const path: Buffer[] = [];
  // PATH(m, D[start:end]) iteratively: the recursion descends into one half and appends the other half's MTH
  // after the deeper elements, so collect top-down and reverse.
  let start = 0;
  let end = size;
  let m = index;
  while (end - start > 1) {
    const k = splitPoint(end - start);
    if (m < k) {
      path.push(Buffer.from(hashRange(start + k, end)));
      end = start + k;
    } else {
      path.push(Buffer.from(hashRange(start, start + k)));
      start += k;
      m -= k;
    }
  }
  return path.reverse();
}

/**
 * The consistency proof between the tree of the first `oldSize` leaves and that of the first `newSize`:
 * PROOF(m, D[n]) = SUBPROOF(m, D[n], true) of RFC 9162 section 2.1.4.1. Empty when m = 0 or m = n.
 */
export function consistencyProof(source: LeafHashSource, oldSize: number, newSize: number): Buffer[] {
  assertSize(oldSize, 'old tree size');
  assertSize(newSize, 'new tree size');
  if (oldSize > newSize) throw new RangeError(`old tree size ${oldSize} exceeds new tree size ${newSize}`);
  if (oldSize === 0 || oldSize === newSize) return [];
  const hashRange = rangeHasher(source, newSize);
  const proof: Buffer[] = [];
  let start = 0;
  let end = newSize;
  let m = oldSize;
  let complete = true; // b in SUBPROOF: the old tree's hash at this node is known to the verifier.
  while (m !== end - start) {
    const k = splitPoint(end - start);
    if (m <= k) {
      proof.push(Buffer.from(hashRange(start + k, end)));
      end = start + k;
    } else {
      proof.push(Buffer.from(hashRange(start, start + k)));
      start += k;
      m -= k;
      complete = false;
    }
  }
  if (!complete) proof.push(Buffer.from(hashRange(start, end)));
  return proof.reverse();
}

/**
 * Checks an inclusion proof with the algorithm of RFC 9162 section 2.1.3.2; false for any malformed input
 * (an index outside the tree, hashes that are not 32 bytes, a proof of the wrong length).
 */
export function verifyInclusion(
  leafHash: Uint8Array,
  index: number,
  size: number,
  proof: readonly Uint8Array[],
  root: Uint8Array,
): boolean {
  if (!isSize(index) || !isSize(size) || index >= size) return false;
  if (!isHash(leafHash) || !isHash(root) || !proof.every(isHash)) return false;
  let fn = index;
  let sn = size - 1;
  let r: Buffer = Buffer.from(leafHash);
  for (const p of proof) {
    if (sn === 0) return false;
    if (fn % 2 === 1 || fn === sn) {
      r = nodeHash(p, r);
      if (fn % 2 === 0) {
        while (fn % 2 === 0 && fn !== 0) {
          fn = Math.floor(fn / 2);
          sn = Math.floor(sn / 2);
        }
      }
    } else {
      r = nodeHash(r, p);
    }
    fn = Math.floor(fn / 2);
    sn = Math.floor(sn / 2);
  }
  return sn === 0 && hashesEqual(r, root);
}

/**
 * Checks a consistency proof with the algorithm of RFC 9162 section 2.1.4.2. Beyond the RFC (which defines
 * proofs for 0 < m < n): m = n is consistent when the proof is empty and the roots are equal; m = 0 when the
 * proof is empty and the old root is the empty tree's.
 */
export function verifyConsistency(
  oldSize: number,
  newSize: number,
  proof: readonly Uint8Array[],
  oldRoot: Uint8Array,
  newRoot: Uint8Array,
): boolean {
  if (!isSize(oldSize) || !isSize(newSize) || oldSize > newSize) return false;
  if (!isHash(oldRoot) || !isHash(newRoot) || !proof.every(isHash)) return false;
  if (oldSize === 0) return proof.length === 0 && hashesEqual(oldRoot, EMPTY_ROOT_HASH);
  if (oldSize === newSize) return proof.length === 0 && hashesEqual(oldRoot, newRoot);
  if (proof.length === 0) return false;
  const path: readonly Uint8Array[] = isPowerOfTwo(oldSize) ? [oldRoot, ...proof] : proof;
  let fn = oldSize - 1;
  let sn = newSize - 1;
  while (fn % 2 === 1) {
    fn = Math.floor(fn / 2);
    sn = Math.floor(sn / 2);
  }
  let fr: Buffer = Buffer.from(path[0] as Uint8Array);
  let sr: Buffer = fr;
  for (const c of path.slice(1)) {
    if (sn === 0) return false;
    if (fn % 2 === 1 || fn === sn) {
      fr = nodeHash(c, fr);
      sr = nodeHash(c, sr);
      if (fn % 2 === 0) {
        while (fn % 2 === 0 && fn !== 0) {
          fn = Math.floor(fn / 2);
          sn = Math.floor(sn / 2);
        }
      }
    } else {
      sr = nodeHash(sr, c);
    }
    fn = Math.floor(fn / 2);
    sn = Math.floor(sn / 2);
  }
  return sn === 0 && hashesEqual(fr, oldRoot) && hashesEqual(sr, newRoot);
}

function isPowerOfTwo(n: number): boolean {
  let k = 1;
  while (k < n) k *= 2;
  return k === n;
}

function popCount(n: number): number {
  let count = 0;
  for (let rest = n; rest > 0; rest = Math.floor(rest / 2)) count += rest % 2;
  return count;
}

function isSize(n: unknown): n is number {
  return typeof n === 'number' && Number.isSafeInteger(n) && n >= 0;
}

function isHash(hash: unknown): hash is Uint8Array {
  return hash instanceof Uint8Array && hash.byteLength === HASH_BYTES;
}

function assertSize(n: unknown, what: string): asserts n is number {
  if (!isSize(n)) throw new TypeError(`${what} must be a safe non-negative integer`);
}

function assertHash(hash: unknown, what: string): asserts hash is Uint8Array {
  if (!isHash(hash)) throw new TypeError(`${what} must be ${HASH_BYTES} bytes`);
}
