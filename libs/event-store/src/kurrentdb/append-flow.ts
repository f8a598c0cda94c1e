/**
 * The port's append semantics on top of KurrentDB's, with the store's calls injected so the
 * decisions can be tested without a server.
 *
 * What KurrentDB does itself (kurrent-io/KurrentDB, src/KurrentDB.Core/Services/Storage/
 * ReaderIndex/IndexWriter.cs, CheckCommit): it checks the expected revision, and it
 * recognises a retry of a stored append by its event ids and answers with the original result,
 * writing nothing. For an exact revision or no_stream it compares the ids at the revisions the
 * append would take; for any / stream_exists it looks in its cache of recently written ids.
 * It does not check ids when the expectation matches the stream (an exact revision equal to the
 * last one, or a new stream), nor across streams: KurrentDB has no index by event id.
 *
 * What this adds, reusing append-rules.ts:
 * - a conflict is first checked for being a retry under another expectation: the stream is
 *   searched for the ids, and resolveReappend decides (the original result, a
 *   DuplicateEventIdError for ids re-used differently, or else the conflict);
 * - under any / stream_exists the server's cache match ignores order, so the revisions it
 *   reports are read back: anything but this batch in this order is a DuplicateEventIdError
 *   (the server wrote nothing);
 * - an empty append only reads: the server would write an empty record for it.
 * What stays KurrentDB's: stored ids are written again when the expectation matches the
 * stream (exact revision = last revision, or a new stream), or under any / stream_exists once
 * they have left the server's cache; and an id stored in another stream is never noticed.
 * Closing that gap needs an id lookup before every append (a full stream scan, or an index of
 * ids KurrentDB does not have), which a retry with the same expectation does not need.
 */
import {
  resolveReappend,
  satisfiesExpectedRevision,
  type CurrentRevision,
  type StoredEventRef,
} from '../append-rules.js';
import { DuplicateEventIdError, WrongExpectedRevisionError } from '../errors.js';
import type { AppendResult, EventData, ExpectedRevision } from '../event-store.port.js';

/** The calls the flow needs, on one stream. */
export interface StreamOperations {
  /** Appends under KurrentDB's check; a conflict comes back as the stream's actual revision. */
  append(events: readonly EventData[], expected: ExpectedRevision): Promise<AppendResult | Conflict>;
  /** Refs of the events at revisions `from`, `from + 1`, … (at most `maxCount`). */
  readForward(from: number, maxCount: number): Promise<StoredEventRef[]>;
  /** Refs of the events at revisions `from` (undefined = the last), `from - 1`, … (at most `maxCount`). */
  readBackward(from: number | undefined, maxCount: number): Promise<StoredEventRef[]>;
}

export interface Conflict {
  conflict: CurrentRevision;
}

export async function appendWithLedgerRules(
  ops: StreamOperations,
  streamId: string,
  events: readonly EventData[],
  expected: ExpectedRevision,
  pageSize = 500,
): Promise<AppendResult> {
  if (events.length === 0) return appendNothing(ops, streamId, expected);

  const eventIds = events.map((event) => event.eventId);
  const outcome = await ops.append(events, expected);
  if ('conflict' in outcome) {
    const replay = resolveReappend(streamId, eventIds, await findIds(ops, eventIds, pageSize));
    if (replay) return replay;
    throw new WrongExpectedRevisionError(streamId, expected, outcome.conflict);
  }
  if (expected === 'any' || expected === 'stream_exists') {
    const first = outcome.nextRevision - events.length + 1;
    const stored = first >= 0 ? await ops.readForward(first, events.length) : [];
    if (!sameIds(stored, eventIds)) {
      // Matched to stored events in another arrangement: resolveReappend names a re-used id.
      const replay = resolveReappend(streamId, eventIds, await findIds(ops, eventIds, pageSize));
      if (replay) return replay;
      throw new DuplicateEventIdError(eventIds[0]!, streamId);
    }
  }
  return outcome;
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

function sameIds(stored: readonly StoredEventRef[], eventIds: readonly string[]): boolean {
  return (
    stored.length === eventIds.length &&
    stored.every((ref, i) => ref.eventId.toLowerCase() === eventIds[i]!.toLowerCase())
  );
}
