/**
 * What the ledger recorded, apart from its access log. Refused requests append on purpose to the `access-*`
 * streams (a denial, a failed sign-in); tests that check "a refused request appends nothing" mean the records.
 */
import { parseStreamId, STREAM_CATEGORIES } from '@ledger/domain';
import type { EventStore, ReadAllOptions, RecordedEvent } from '@ledger/event-store';

export const isAccessLogEvent = (event: Pick<RecordedEvent, 'streamId'>): boolean =>
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

/** The access log's events, in global order. */
export async function accessLogEvents(
  store: EventStore,
  options: ReadAllOptions = {},
): Promise<RecordedEvent[]> {
  return (await store.readAll(options)).filter(isAccessLogEvent);
}
