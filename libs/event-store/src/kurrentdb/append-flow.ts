/**
 * The port's append semantics on top of KurrentDB's, with the store's calls injected so the
 * decisions can be tested without a server.
 *
 * The hash chain (@ledger/ledger-integrity, hash-chain.ts): each event's hash chains onto the
 * hash of the event before it in its stream. KurrentDB cannot compute it, so the ledger does,
 * before it appends: it reads the hash of the event the new ones will follow, and sends the
 * append conditional on exactly that event's revision. Two concurrent appends can then never
 * chain onto the same event: the second is refused. So the server never sees `any` or
 * `stream_exists`:
 * - no_stream: chained onto GENESIS_HASH, sent with no_stream;
 * - an exact revision N: the stream's last event is read; if it is N, the batch is chained onto
 *   its hash and sent with N; if it is not, the append cannot write, and goes to the conflict
 *   check below without a call;
 * - any / stream_exists: the stream's last `events.length` events are read. If this batch's ids
 *   are among them, it is a retry of the stream's most recent append, and resolveReappend
 *   answers (the original result, or a DuplicateEventIdError). Otherwise the batch is chained onto
 *   the last event's hash and sent with its revision (no events: stream_exists is a conflict,
 *   any is sent with no_stream onto GENESIS_HASH). A conflict means another append came in
 *   between: once it is known not to be a retry, the flow reads and tries again, at most
 *   maxAttempts times.
 * The hash bodies are computed before any call, so data the chain cannot hash (not plain JSON)
 * is refused with a TypeError before anything is written.
 *
 * What KurrentDB does itself (kurrent-io/KurrentDB, src/KurrentDB.Core/Services/Storage/
 * ReaderIndex/IndexWriter.cs, CheckCommit): it checks the expected revision, and when the
 * revision lies before the stream's end it compares the ids at the revisions the append would
 * take: a retry of a stored append is answered with the original result, writing nothing. It
 * does not check ids when the expectation matches the stream (an exact revision equal to the
 * last one, or a new stream), nor across streams: KurrentDB has no index by event id.
 *
 * What this adds, reusing append-rules.ts:
 * - a conflict is first checked for being a retry under another expectation: the stream is
 *   searched for the ids (from the end; a full scan when they are not stored), and
 *   resolveReappend decides (the original result, a DuplicateEventIdError for ids re-used
 *   differently, or else the conflict);
 * - an empty append only reads: the server would write an empty record for it.
 * - a retry of an any / stream_exists append that this process sent lately (RecentAppends) goes
 *   out exactly as before, with the same expected revision and hashes, so KurrentDB's check
 *   answers it: the original result when it was stored, a conflict when it was not (then it is
 *   appended as a new batch).
 * What stays open: stored ids are written again when the expectation matches the stream (exact
 * revision = last revision, or a new stream), and an id stored in another stream is never
 * noticed. Closing that gap needs an id lookup before every append (a full stream scan, or an
 * index of ids KurrentDB does not have), which a retry with the same expectation does not need.
 * Under any / stream_exists the same holds for a retry from another process (or after this one
 * forgot the append) of an append that is no longer the stream's most recent one and is not met
 * on a conflict: KurrentDB's cache of recently written ids only serves any / stream_exists,
 * which the chain cannot send.
 */
import { eventHashBody, chainHash, GENESIS_HASH } from '@ledger/ledger-integrity';
import {
  resolveReappend,
  satisfiesExpectedRevision,
  type CurrentRevision,
  type StoredEventRef,
} from '../append-rules.js';
import { WrongExpectedRevisionError } from '../errors.js';
import type { AppendResult, EventData, ExpectedRevision } from '../event-store.port.js';

/** How many times an any / stream_exists append reads the tail again after losing a race. */
export const MAX_APPEND_ATTEMPTS = 20;

/** A stored event with its chain hash. */
export interface ChainedEventRef extends StoredEventRef {
  hash: string;
}

/** An event to store, with its chain hash. */
export interface ChainedEvent {
  event: EventData;
  hash: string;
}

/** The calls the flow needs, on one stream. */
export interface StreamOperations {
  /**
   * Appends under KurrentDB's check, always conditional (a revision or no_stream); a conflict
   * comes back as the stream's actual revision.
   */
  append(events: readonly ChainedEvent[], expected: number | 'no_stream'): Promise<AppendResult | Conflict>;
  /** Refs of the events at revisions `from` (undefined = the last), `from - 1`, … (at most `maxCount`). */
  readBackward(from: number | undefined, maxCount: number): Promise<ChainedEventRef[]>;
}

export interface Conflict {
  conflict: CurrentRevision;
}

export interface AppendFlowOptions {
  /** Events per read when searching the stream for a retry's ids. */
  pageSize?: number;
  /** Appends an any / stream_exists append tries before it gives up under contention. */
  maxAttempts?: number;
  /** The any / stream_exists appends this process sent lately; without it, none is recalled. */
  recent?: RecentAppends;
}

interface SentAppend {
  chained: readonly ChainedEvent[];
  expected: number | 'no_stream';
}

/**
 * The any / stream_exists appends sent lately, by stream and ids, with the revision each was sent
 * conditional on and its hashes, so that a retry goes out exactly as the append did: whether its
 * answer was lost (the append may or may not be stored) or a caller above the store retries after
 * a success, KurrentDB then recognises it. Holds at most `capacity` events; the oldest go first.
 */
export class RecentAppends {
  private readonly sent = new Map<string, SentAppend>();
  private events = 0;

  constructor(private readonly capacity = 10_000) {
    if (!Number.isInteger(capacity) || capacity < 1) {
      throw new RangeError(`capacity must be a positive integer, got ${capacity}`);
    }
  }

  remember(streamId: string, eventIds: readonly string[], append: SentAppend): void {
    this.forget(streamId, eventIds);
    if (append.chained.length > this.capacity) return;
    this.sent.set(keyOf(streamId, eventIds), append);
    this.events += append.chained.length;
    for (const [key, oldest] of this.sent) {
      if (this.events <= this.capacity) break;
      this.sent.delete(key);
      this.events -= oldest.chained.length;
    }
  }

  recall(streamId: string, eventIds: readonly string[]): SentAppend | undefined {
    return this.sent.get(keyOf(streamId, eventIds));
  }

  forget(streamId: string, eventIds: readonly string[]): void {
    const key = keyOf(streamId, eventIds);
    const known = this.sent.get(key);
    if (!known) return;
    this.sent.delete(key);
    this.events -= known.chained.length;
  }

  /** Events held. */
  get size(): number {
    return this.events;
  }
}

const keyOf = (streamId: string, eventIds: readonly string[]): string =>
  `${streamId}\u0000${eventIds.map((id) => id.toLowerCase()).join(',')}`;

export async function appendWithLedgerRules(
  ops: StreamOperations,
  streamId: string,
  events: readonly EventData[],
  expected: ExpectedRevision,
  options: AppendFlowOptions = {},
): Promise<AppendResult> {
  const { pageSize = 500, maxAttempts = MAX_APPEND_ATTEMPTS } = options;
  if (!Number.isInteger(maxAttempts) || maxAttempts < 1) {
    throw new RangeError(`maxAttempts must be a positive integer, got ${maxAttempts}`);
  }
  if (events.length === 0) return appendNothing(ops, streamId, expected);

  const bodies = events.map((event) => eventHashBody({ ...event, streamId }));
  const chained = (previousHash: string): ChainedEvent[] => {
    let previous = previousHash;
    return events.map((event, i) => {
      previous = chainHash(previous, bodies[i]!);
      return { event, hash: previous };
    });
  };
  const eventIds = events.map((event) => event.eventId);
  const findReappend = async () =>
    resolveReappend(streamId, eventIds, await findIds(ops, eventIds, pageSize));
  const replayOrConflict = async (actual: CurrentRevision): Promise<AppendResult> => {
    const replay = await findReappend();
    if (replay) return replay;
    throw new WrongExpectedRevisionError(streamId, expected, actual);
  };

  if (expected === 'no_stream') {
    const outcome = await ops.append(chained(GENESIS_HASH), 'no_stream');
    return 'conflict' in outcome ? replayOrConflict(outcome.conflict) : outcome;
  }
  if (typeof expected === 'number') {
    const [last] = await ops.readBackward(undefined, 1);
    if (last?.revision !== expected) return replayOrConflict(last ? last.revision : 'no_stream');
    const outcome = await ops.append(chained(last.hash), expected);
    return 'conflict' in outcome ? replayOrConflict(outcome.conflict) : outcome;
  }

  /** A retry of the stream's most recent append, recognised by its ids in the tail just read. */
  const retryOfTail = async (tail: readonly ChainedEventRef[]): Promise<AppendResult | undefined> => {
    const wanted = new Set(eventIds.map((id) => id.toLowerCase()));
    const seen = tail.filter((ref) => wanted.has(ref.eventId.toLowerCase()));
    if (seen.length === 0) return undefined;
    // Only some of them: the rest may be stored further back (a retry of an older append).
    const all = new Set(seen.map((ref) => ref.eventId.toLowerCase())).size === wanted.size;
    return all ? resolveReappend(streamId, eventIds, seen) : findReappend();
  };

  const { recent } = options;
  const previous = recent?.recall(streamId, eventIds);
  if (recent && previous) {
    // Sent as before: KurrentDB answers a stored batch with its original result, and refuses one that is not
    // stored, since the stream has moved on without it.
    const outcome = await ops.append(previous.chained, previous.expected);
    if (!('conflict' in outcome)) return outcome;
    recent.forget(streamId, eventIds);
    // Should the server not have checked the ids (no_stream, say), the stream is searched as on any conflict.
    const retried = await findReappend();
    if (retried) return retried;
  }

  for (let attempt = 1; ; attempt++) {
    const tail = await ops.readBackward(undefined, events.length);
    const replay = await retryOfTail(tail);
    if (replay) return replay;
    const [last] = tail;
    if (!last && expected === 'stream_exists') {
      throw new WrongExpectedRevisionError(streamId, expected, 'no_stream');
    }
    const sending: SentAppend = {
      chained: chained(last ? last.hash : GENESIS_HASH),
      expected: last ? last.revision : 'no_stream',
    };
    // Before the call: when its answer is lost, the retry must go out the same way.
    recent?.remember(streamId, eventIds, sending);
    const outcome = await ops.append(sending.chained, sending.expected);
    if (!('conflict' in outcome)) return outcome;
    recent?.forget(streamId, eventIds);
    const retried = await findReappend();
    if (retried) return retried;
    if (attempt >= maxAttempts) {
      throw new Error(
        `append to ${streamId} (expected ${expected}) lost the race to other appends ${attempt} times in a row; giving up`,
      );
    }
  }
}

async function appendNothing(
  ops: StreamOperations,
  streamId: string,
  expected: ExpectedRevision,
): Promise<AppendResult> {
  const [last] = await ops.readBackward(undefined, 1);
  const actual: CurrentRevision = last ? last.revision : 'no_stream';
  if (!satisfiesExpectedRevision(expected, actual)) {
    throw new WrongExpectedRevisionError(streamId, expected, actual);
  }
  return last ? { nextRevision: last.revision, position: last.position } : { nextRevision: -1, position: 0n };
}

/**
 * Where these ids are stored in the stream, searching from the end: a retry is usually of a
 * recent append, so it is found in the first page; ids that are not stored cost a full scan,
 * on the conflict path only.
 */
async function findIds(
  ops: StreamOperations,
  eventIds: readonly string[],
  pageSize: number,
): Promise<StoredEventRef[]> {
  const wanted = new Set(eventIds.map((id) => id.toLowerCase()));
  const found: StoredEventRef[] = [];
  let from: number | undefined;
  for (;;) {
    const page = await ops.readBackward(from, pageSize);
    for (const ref of page) {
      if (wanted.delete(ref.eventId.toLowerCase())) found.push(ref);
    }
    const oldest = page.at(-1);
    if (wanted.size === 0 || page.length < pageSize || !oldest || oldest.revision === 0) return found;
    from = oldest.revision - 1;
  }
}
