/**
 * Which events a replay "as of" a moment keeps: in recorded time, what the store had committed
 * by then; in business time, what had happened in the field by then, as the ledger knows it now.
 */
import { isLedgerEventType, upcast, type LedgerEvent } from '@ledger/domain';
import type { RecordedEvent } from '@ledger/event-store';

export const REPLAY_TIMES = ['recorded', 'business'] as const;
export type ReplayTime = (typeof REPLAY_TIMES)[number];

/** Cambodia is UTC+7 all year; a calendar date in an event is a Cambodian date. */
const CAMBODIA_OFFSET_MS = 7 * 3_600_000;
const DAY_MS = 86_400_000;

/** The instant of midnight in Cambodia that starts the calendar date `YYYY-MM-DD`. */
function startOfCambodianDay(date: string): number {
  return Date.parse(`${date}T00:00:00.000Z`) - CAMBODIA_OFFSET_MS;
}

/**
 * When an event happened, by the date the statistics count it on (see statistics.delta.ts):
 * `occurredAt` for every event but an execution of a deportation, which counts on the day the
 * persons left (`executedOn`). There, `occurredAt` gives the time of day when it falls on that
 * day; otherwise the day counts from its start, so that a replay as of any moment of that day
 * agrees with the daily figures.
 */
export function businessTimeOf(event: LedgerEvent): number {
  const occurredAt = Date.parse(event.data.occurredAt);
  if (event.type !== 'DeportationExecuted') return occurredAt;
  const dayStart = startOfCambodianDay(event.data.executedOn);
  return occurredAt >= dayStart && occurredAt < dayStart + DAY_MS ? occurredAt : dayStart;
}

/**
 * A predicate over the log: true for the ledger events a replay as of `asOf` keeps. Events of
 * other types are left out: the statistics read none of them.
 *
 * Recorded time keeps `createdAt <= asOf` over the whole log rather than stopping at the first
 * later event: on PostgreSQL, `createdAt` is the appending transaction's start and positions
 * follow transaction ids, so an append that began just before `asOf` may sit after one that
 * began just after it.
 */
export function asOfFilter(asOf: Date, time: ReplayTime): (event: RecordedEvent) => boolean {
  const limit = asOf.getTime();
  if (Number.isNaN(limit)) throw new TypeError('asOf must be a valid date');
  switch (time) {
    case 'recorded':
      return (event) => isLedgerEventType(event.type) && event.createdAt.getTime() <= limit;
    case 'business':
      return (event) => {
        if (!isLedgerEventType(event.type)) return false;
        let lifted: LedgerEvent;
        try {
          lifted = upcast(event);
        } catch {
          // Unreadable here (a newer schema): let the projection fail on it and name the event.
          return true;
        }
        return businessTimeOf(lifted) <= limit;
      };
    default:
      throw new TypeError(`time must be one of ${REPLAY_TIMES.join(', ')}, got "${String(time)}"`);
  }
}
