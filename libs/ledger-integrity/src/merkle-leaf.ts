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
  TAG.copy(bytes, 0);
  const eventHash = hashFromHex(event.hash, 'event hash');
  eventHash.copy(bytes, TAG.length);
  bytes.writeBigUInt64BE(event.position, TAG.length + 32);
  const time = event.createdAt.getTime();
  if (!Number.isSafeInteger(time)) throw new TypeError('recordedAt must be a valid time');
  bytes.writeBigInt64BE(BigInt(time), TAG.length + 40);
  return bytes;
}

/** The RFC 6962 leaf hash of an event: SHA-256(0x00 || merkleLeafBytes(event)). */
export function eventLeafHash(event: LeafEvent): Buffer {
  return leafHash(merkleLeafBytes(event));
}

const LEAF_INPUT = Buffer.concat([Buffer.from([0x00]), TAG, Buffer.alloc(48)]);

/** `eventLeafHash` from the event hash's raw bytes, in one buffer and one digest: a verifier's per-event path. */
export function eventLeafHashFromBytes(
  eventHash: Uint8Array,
  position: bigint,
  recordedAtMs: number,
): Buffer {
  // One input buffer for every call: hashing is synchronous, and the tag never changes.
  const input = LEAF_INPUT;
  input.set(eventHash, 1 + TAG.length);
  input.writeBigUInt64BE(position, 1 + TAG.length + 32);
  if (!Number.isSafeInteger(recordedAtMs)) throw new TypeError('recordedAt must be a valid time');
  input.writeBigInt64BE(BigInt(recordedAtMs), 1 + TAG.length + 40);
  return hash('sha256', input, 'buffer');
}
