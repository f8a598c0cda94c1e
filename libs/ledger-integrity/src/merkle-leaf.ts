/**
 * What the Merkle log commits to for each event, in global order: the event's chain hash (which covers its content,
 * id, type and stream, see hash-chain.ts), its global position and when the store recorded it. So reordering the
 * log, moving an event to another position, or back-dating it changes the leaf, and the signed roots no longer hold.
 *
 * The leaf bytes, for auditors who reimplement it (the Merkle leaf hash is then SHA-256(0x00 || these bytes)):
 *
 *   "ledger-leaf/v1" || 0x00 || eventHash (32 bytes) || position (8 bytes) || recordedAt (8 bytes)
 *
 *   position    the store's global position, an unsigned 64-bit big-endian integer;
 *   recordedAt  milliseconds since 1970-01-01T00:00:00Z of the store's commit time, a signed 64-bit big-endian
 *               integer.
 */
import { hash } from 'node:crypto';
import { hashFromHex, leafHash } from './merkle.js';

export const LEAF_TAG = 'ledger-leaf/v1';
const TAG = Buffer.from(`${LEAF_TAG}\0`, 'ascii');
const LENGTH = TAG.length + 32 + 8 + 8;

export interface LeafEvent {
  /** Hex of the event's chain hash. */
  hash: string;
  position: bigint;
  createdAt: Date;
}

export function merkleLeafBytes(event: LeafEvent): Buffer {
  const bytes = Buffer.allocUnsafe(LENGTH);
  writeLeaf(bytes, 0, hashFromHex(event.hash, 'event hash'), event.position, event.createdAt.getTime());
  return bytes;
}

/** The RFC 6962 leaf hash of an event: SHA-256(0x00 || merkleLeafBytes(event)). */
export function eventLeafHash(event: LeafEvent): Buffer {
  return leafHash(merkleLeafBytes(event));
}

// 0x00 and room for the leaf bytes: reused by every call, since hashing is synchronous.
const LEAF_INPUT = Buffer.alloc(1 + LENGTH);

/** `eventLeafHash` from the event hash's raw bytes, in one buffer and one digest: a verifier's per-event path. */
export function eventLeafHashFromBytes(
  eventHash: Uint8Array,
  position: bigint,
  recordedAtMs: number,
): Buffer {
  writeLeaf(LEAF_INPUT, 1, eventHash, position, recordedAtMs);
  return hash('sha256', LEAF_INPUT, 'buffer');
}

/** Writes the leaf bytes (see the top of this file) into `target` at `at`. */
function writeLeaf(
  target: Buffer,
  at: number,
  eventHash: Uint8Array,
  position: bigint,
  recordedAtMs: number,
): void {
  if (eventHash.byteLength !== 32) throw new TypeError('event hash must be 32 bytes');
  if (!Number.isSafeInteger(recordedAtMs)) throw new TypeError('recordedAt must be a valid time');
  TAG.copy(target, at);
  target.set(eventHash, at + TAG.length);
  target.writeBigUInt64BE(position, at + TAG.length + 32);
  target.writeBigInt64BE(BigInt(recordedAtMs), at + TAG.length + 40);
}
