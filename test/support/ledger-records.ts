/**
 * What the ledger recorded, apart from its access log. Refused requests append on purpose to the `access-*`
 * streams (a denial, a failed sign-in); tests that check "a refused request appends nothing" mean the records.
 */
import { parseStreamId, STREAM_CATEGORIES, streamIdFor } from '@ledger/domain';
import type { EventStore, ReadAllOptions, RecordedEvent } from '@ledger/event-store';
import { until } from './wait.js';

const isAccessLogEvent = (event: Pick<RecordedEvent, 'streamId'>): boolean =>
  parseStreamId(event.streamId)?.category === STREAM_CATEGORIES.accessLog;

/** The global log without the access log's events. */
export async function ledgerRecords(
  store: EventStore,
  options: ReadAllOptions = {},
): Promise<RecordedEvent[]> {
  return (await store.readAll(options)).filter((event) => !isAccessLogEvent(event));
}

/** Position of the newest record (access-log entries left out), as a decimal string; '0' when there is none. */
export async function ledgerRecordsHead(store: EventStore): Promise<string> {
  return ((await ledgerRecords(store)).at(-1)?.position ?? 0n).toString();
}

/**
 * The global log once `complete` holds of it, polling for at most `timeoutMs`. On PostgreSQL `readAll` stops
 * at the oldest transaction still open anywhere on the server (another suite may hold one): what was just
 * committed shows once that transaction ends.
 */
export async function visibleLog(
  store: EventStore,
  complete: (events: RecordedEvent[]) => boolean,
  timeoutMs = 30_000,
): Promise<RecordedEvent[]> {
  let events: RecordedEvent[] = [];
  await until(
    'the log shows what was committed',
    async () => complete((events = await store.readAll())),
    timeoutMs,
    100,
  ).catch(() => undefined); // the caller's assertion names what is missing
  return events;
}

/**
 * The access log's events of today and yesterday (UTC), in global order. Read stream by stream, which no
 * open transaction holds back (see `visibleLog`).
 */
export async function accessLogEvents(store: EventStore, now = new Date()): Promise<RecordedEvent[]> {
  const days = [new Date(now.getTime() - 86_400_000), now].map((day) => day.toISOString().slice(0, 10));
  const streams = await Promise.all(
    days.map((day) => store.readStream(streamIdFor(STREAM_CATEGORIES.accessLog, day))),
  );
  return streams.flat().sort((a, b) => (a.position < b.position ? -1 : a.position > b.position ? 1 : 0));
}
