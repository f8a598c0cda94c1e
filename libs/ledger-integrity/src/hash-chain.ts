/**
 * The per-stream hash chain. Each event's hash commits to the hash of the event before it in the same stream,
 * so changing, removing, adding or reordering an event changes every later hash of that stream.
 *
 * The hashed bytes, for auditors who reimplement it:
 *
 *   eventHash = SHA-256( "ledger-event/v1" || 0x00 || previousHash || canonicalJson(body) )
 *
 *   "ledger-event/v1"  the 15 ASCII bytes 6c 65 64 67 65 72 2d 65 76 65 6e 74 2f 76 31, a domain tag so an
 *                      event hash can never be mistaken for another kind of hash (e.g. a Merkle node);
 *   0x00               one zero byte ending the tag;
 *   previousHash       the 32 raw bytes of the hash of the event at revision - 1 of the same stream;
 *                      for revision 0, the genesis value: 32 zero bytes;
 *   canonicalJson      the UTF-8 canonical JSON (see canonical-json.ts, RFC 8785 style) of the object
 *                      { "data", "eventId", "metadata", "schemaVersion", "streamId", "type" }
 *                      with schemaVersion as a JSON integer and eventId in lowercase; a `metadata` (or `data`)
 *                      that is `undefined` is left out of the object, one that is `null` is written as null.
 *
 * The revision is not hashed: the chain itself fixes it (the event chained onto genesis is revision 0, and so
 * on), and leaving it out lets the store compute the hashes inside the statement that assigns revisions. The
 * global position and the recorded time are covered by the Merkle log (see merkle-leaf.ts).
 *
 * The tag and the previous hash have fixed lengths, so the concatenation is unambiguous. Hashes are written as
 * lowercase hex.
 */
import { canonicalJson } from './canonical-json.js';
import { hash } from 'node:crypto';
import { HASH_BYTES, hashFromHex } from './merkle.js';

export const EVENT_HASH_TAG = 'ledger-event/v1';

const TAG_BYTES = Buffer.concat([Buffer.from(EVENT_HASH_TAG, 'ascii'), Buffer.from([0x00])]);

/** The previous hash of revision 0: 32 zero bytes, as hex. */
export const GENESIS_HASH = '00'.repeat(HASH_BYTES);

/** What an event hash covers besides the previous hash. */
export interface ChainedEventBody {
  streamId: string;
  eventId: string;
  type: string;
  schemaVersion: number;
  data: unknown;
  metadata: unknown;
}

/** The canonical JSON text an event hash covers (see the top of this file). */
export function eventHashBody(event: ChainedEventBody): string {
  if (!Number.isSafeInteger(event.schemaVersion)) throw new TypeError('schemaVersion must be an integer');
  return canonicalJson({
    data: event.data,
    eventId: event.eventId.toLowerCase(),
    metadata: event.metadata,
    schemaVersion: event.schemaVersion,
    streamId: event.streamId,
    type: event.type,
  });
}

/** The chained hash over a body already in canonical form, as lowercase hex. */
export function chainHash(previousHash: string, canonicalBody: string | Uint8Array): string {
  const body = typeof canonicalBody === 'string' ? Buffer.from(canonicalBody, 'utf8') : canonicalBody;
  return chainHashBytes(hashFromHex(previousHash, 'previousHash'), body).toString('hex');
}

/** `chainHash` on raw bytes: the previous hash's 32 bytes and the canonical body; the new hash's 32 bytes. */
export function chainHashBytes(previous: Uint8Array, canonicalBody: Uint8Array): Buffer {
  // One buffer, one-shot digest: a verifier does this for every event of the log.
  return hash('sha256', Buffer.concat([TAG_BYTES, previous, canonicalBody]), 'buffer');
}

/** Bytes before the body in a chain-hash preimage: the tag and the previous hash. */
export const CHAIN_PREFIX_BYTES = TAG_BYTES.length + HASH_BYTES;

/**
 * `chainHashBytes` without copying the body: `preimage` holds CHAIN_PREFIX_BYTES the caller may overwrite, then the
 * body; the tag and the previous hash are written into them.
 */
export function chainHashInPlace(previous: Uint8Array, preimage: Buffer): Buffer {
  TAG_BYTES.copy(preimage, 0);
  preimage.set(previous, TAG_BYTES.length);
  return hash('sha256', preimage, 'buffer');
}

export interface EventHashInput extends ChainedEventBody {
  /** Hex of the hash of the event at `revision - 1`; `GENESIS_HASH` for revision 0. */
  previousHash: string;
}

/** The bytes that `eventHash` hashes (exposed so tests and auditors can inspect them). */
export function eventHashPreimage(input: EventHashInput): Buffer {
  const previous = hashFromHex(input.previousHash, 'previousHash');
  return Buffer.concat([TAG_BYTES, previous, Buffer.from(eventHashBody(input), 'utf8')]);
}

/** The chained hash of an event, as lowercase hex. */
export function eventHash(input: EventHashInput): string {
  return chainHash(input.previousHash, eventHashBody(input));
}

/** An event as stored, with its revision and the hash recorded for it. */
export interface StoredChainedEvent extends ChainedEventBody {
  revision: number;
  hash: string;
}

export type ChainBreakReason = 'altered' | 'deleted' | 'inserted' | 'reordered';

export interface ChainBreak {
  /** Position in the given list of the first event that does not fit the chain. */
  index: number;
  eventId: string;
  revision: number;
  /** The revision the chain expected at `index`. */
  expectedRevision: number;
  reason: ChainBreakReason;
  message: string;
}

export type ChainVerification =
  { valid: true; count: number; headHash: string; nextRevision: number } | ({ valid: false } & ChainBreak);

/** A trusted point to continue from: the hash of the event at `nextRevision - 1` (e.g. a checkpoint). */
export interface ChainAnchor {
  nextRevision: number;
  previousHash: string;
}

/**
 * Checks the events of one stream, given in revision order, against their recorded hashes and reports the first
 * broken link:
 * - `deleted`: a revision is missing (a gap) and does not come later;
 * - `reordered`: the expected revision comes later in the list;
 * - `inserted`: an event from another stream, a second event with a revision already seen, or an event whose
 *   successor still chains onto its predecessor (the event was slipped in between them);
 * - `altered`: the event's content or recorded hash does not give the recorded hash.
 * Starts from revision 0 and the genesis hash, or from `anchor` to check a tail after a trusted checkpoint.
 */
export function verifyChain(events: readonly StoredChainedEvent[], anchor?: ChainAnchor): ChainVerification {
  if (anchor !== undefined) {
    if (!Number.isSafeInteger(anchor.nextRevision) || anchor.nextRevision < 0) {
      throw new TypeError('anchor.nextRevision must be a safe non-negative integer');
    }
    hashFromHex(anchor.previousHash, 'anchor.previousHash');
  }
  let expected = anchor?.nextRevision ?? 0;
  let previous = anchor?.previousHash.toLowerCase() ?? GENESIS_HASH;
  // The hash before `previous`, to notice an event that was inserted just before the current one.
  let beforePrevious: string | undefined;
  const streamId = events[0]?.streamId;
  const fail = (index: number, reason: ChainBreakReason, message: string): ChainVerification => {
    const event = events[index] as StoredChainedEvent;
    return {
      valid: false,
      index,
      eventId: event.eventId,
      revision: event.revision,
      expectedRevision: expected,
      reason,
      message,
    };
  };
  const fits = (event: StoredChainedEvent, previousHash: string | undefined): boolean =>
    previousHash !== undefined && recomputes(event, previousHash);

  // The event before `index` chains onto nothing it should: it was slipped in before the event at `index`.
  const addedBefore = (index: number): ChainVerification => {
    expected -= 1;
    return fail(
      index - 1,
      'inserted',
      `event ${events[index - 1]?.eventId} was added before ${events[index]?.eventId}`,
    );
  };

  for (let index = 0; index < events.length; index++) {
    const event = events[index] as StoredChainedEvent;
    if (event.streamId !== streamId) {
      return fail(
        index,
        'inserted',
        `event ${event.eventId} belongs to stream ${event.streamId}, not ${streamId}`,
      );
    }
    if (event.revision > expected) {
      if (events.some((later, at) => at > index && later.revision === expected)) {
        return fail(index, 'reordered', `revision ${event.revision} comes before revision ${expected}`);
      }
      return fail(
        index,
        'deleted',
        `revision ${expected} is missing; the next event has revision ${event.revision}`,
      );
    }
    if (event.revision < expected) {
      // The same revision twice: if this one chains onto the event before the previous one, the previous was added.
      if (index > 0 && fits(event, beforePrevious)) {
        return addedBefore(index);
      }
      return fail(index, 'inserted', `revision ${event.revision} appears a second time`);
    }
    if (!fits(event, previous)) {
      const next = events[index + 1];
      if (next !== undefined && next.streamId === streamId && fits(next, previous)) {
        return fail(
          index,
          'inserted',
          `event ${event.eventId} was added; the next event chains onto the previous one`,
        );
      }
      if (index > 0 && fits(event, beforePrevious)) {
        return addedBefore(index);
      }
      return fail(index, 'altered', `event ${event.eventId} at revision ${expected} does not match its hash`);
    }
    beforePrevious = previous;
    previous = event.hash.toLowerCase();
    expected += 1;
  }
  return { valid: true, count: events.length, headHash: previous, nextRevision: expected };
}

function recomputes(event: StoredChainedEvent, previousHash: string): boolean {
  try {
    return eventHash({ ...event, previousHash }) === event.hash.toLowerCase();
  } catch {
    // Content that cannot be hashed (e.g. not JSON) cannot match a recorded hash.
    return false;
  }
}
