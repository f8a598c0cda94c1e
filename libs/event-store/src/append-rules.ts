/**
 * Append semantics every adapter shares, so PostgreSQL and KurrentDB agree on what an
 * expected revision, an empty append and a re-sent event id mean.
 */
import { DuplicateEventIdError } from './errors.js';
import type { AppendResult, EventData, ExpectedRevision } from './event-store.port.js';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const INT32_MAX = 2 ** 31 - 1;

/** What the store holds now: the last revision, or 'no_stream' when nothing was ever appended. */
export type CurrentRevision = number | 'no_stream';

export function isExpectedRevision(value: unknown): value is ExpectedRevision {
  return (
    value === 'any' ||
    value === 'no_stream' ||
    value === 'stream_exists' ||
    (typeof value === 'number' && Number.isSafeInteger(value) && value >= 0)
  );
}

export function satisfiesExpectedRevision(expected: ExpectedRevision, actual: CurrentRevision): boolean {
  switch (expected) {
    case 'any':
      return true;
    case 'no_stream':
      return actual === 'no_stream';
    case 'stream_exists':
      return actual !== 'no_stream';
    default:
      return actual === expected;
  }
}

/** The revision a caller sees after an append of nothing: -1 stands for "no events yet". */
export function revisionNumber(actual: CurrentRevision): number {
  return actual === 'no_stream' ? -1 : actual;
}

/**
 * Rejects malformed input before it reaches a database, so every adapter fails the same way.
 * Throws DuplicateEventIdError when one append carries the same id twice.
 */
export function validateAppend(
  streamId: string,
  events: readonly EventData[],
  expected: unknown,
  maxEventsPerAppend: number,
): asserts expected is ExpectedRevision {
  if (typeof streamId !== 'string' || streamId.length === 0) {
    throw new TypeError('streamId must be a non-empty string');
  }
  if (!isExpectedRevision(expected)) {
    throw new TypeError(
      `expectedRevision must be 'any', 'no_stream', 'stream_exists' or a revision >= 0, got ${String(expected)}`,
    );
  }
  if (events.length > maxEventsPerAppend) {
    throw new RangeError(`an append holds at most ${maxEventsPerAppend} events, got ${events.length}`);
  }
  const seen = new Set<string>();
  for (const event of events) {
    if (typeof event.eventId !== 'string' || !UUID.test(event.eventId)) {
      throw new TypeError(`eventId must be a UUID, got ${String(event.eventId)}`);
    }
    const id = event.eventId.toLowerCase();
    if (seen.has(id)) throw new DuplicateEventIdError(event.eventId, streamId);
    seen.add(id);
    if (typeof event.type !== 'string' || event.type.length === 0) {
      throw new TypeError(`event ${event.eventId}: type must be a non-empty string`);
    }
    if (
      !Number.isInteger(event.schemaVersion) ||
      event.schemaVersion < 0 ||
      event.schemaVersion > INT32_MAX
    ) {
      throw new TypeError(`event ${event.eventId}: schemaVersion must be an integer in 0..${INT32_MAX}`);
    }
    if (!isJsonObject(event.data) || !isJsonObject(event.metadata)) {
      throw new TypeError(`event ${event.eventId}: data and metadata must be JSON objects`);
    }
  }
}

function isJsonObject(value: unknown): boolean {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Where an already-stored event id lives. */
export interface StoredEventRef {
  eventId: string;
  streamId: string;
  revision: number;
  position: bigint;
}

/**
 * Decides what an append means when some of its ids may already be stored. Returns undefined
 * when none is stored (the append is new). Returns the stored result when all of them sit in
 * this stream at consecutive revisions in the same order: a retry of an append that already
 * succeeded (or of its first events), which must write nothing. Anything else re-uses ids for
 * different events and throws DuplicateEventIdError.
 */
export function resolveReappend(
  streamId: string,
  eventIds: readonly string[],
  stored: readonly StoredEventRef[],
): AppendResult | undefined {
  if (stored.length === 0) return undefined;
  const byId = new Map(stored.map((ref) => [ref.eventId.toLowerCase(), ref]));
  const first = byId.get(eventIds[0]?.toLowerCase() ?? '');
  let last: StoredEventRef | undefined;
  for (const [i, eventId] of eventIds.entries()) {
    const ref = byId.get(eventId.toLowerCase());
    if (!ref || !first || ref.streamId !== streamId || ref.revision !== first.revision + i) {
      // Name an id that really is stored: that is the one being re-used.
      const reused = ref ? eventId : (eventIds.find((id) => byId.has(id.toLowerCase())) ?? eventId);
      throw new DuplicateEventIdError(reused, streamId);
    }
    last = ref;
  }
  return last && { nextRevision: last.revision, position: last.position };
}
