import { RuleViolationError } from './errors.js';
import type { CalendarDate, IsoDateTime } from './event.js';

/** Cambodia keeps UTC+7 all year (no daylight saving), so calendar dates need no time-zone database. */
export const CAMBODIA_UTC_OFFSET_MINUTES = 7 * 60;

const DATE_TIME =
  /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})(?::(\d{2})(?:\.(\d{1,9}))?)?(Z|[+-](\d{2}):(\d{2}))$/;
const DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

function validYmd(year: number, month: number, day: number): boolean {
  if (month < 1 || month > 12 || day < 1) return false;
  const daysInMonth = new Date(Date.UTC(year, month, 0)).getUTCDate();
  return day <= daysInMonth;
}

/**
 * Parses an ISO 8601 instant. An explicit offset is required: without one, JavaScript reads
 * the string in the host's time zone and the same command would mean different instants.
 * Returns undefined when the string is not a real instant (e.g. 30 February).
 */
export function parseInstant(value: unknown): Date | undefined {
  if (typeof value !== 'string') return undefined;
  const m = DATE_TIME.exec(value);
  if (!m) return undefined;
  const [year, month, day, hour, minute, second] = [m[1], m[2], m[3], m[4], m[5], m[6] ?? '0'].map(
    Number,
  ) as [number, number, number, number, number, number];
  if (!validYmd(year, month, day) || hour > 23 || minute > 59 || second > 59) return undefined;
  if (m[9] !== undefined && (Number(m[9]) > 23 || Number(m[10]) > 59)) return undefined;
  const ms = Date.parse(value);
  return Number.isNaN(ms) ? undefined : new Date(ms);
}

/** True for a real `YYYY-MM-DD` calendar date. */
export function isCalendarDate(value: unknown): value is CalendarDate {
  if (typeof value !== 'string') return false;
  const m = DATE.exec(value);
  return m !== null && validYmd(Number(m[1]), Number(m[2]), Number(m[3]));
}

/** The calendar date in Cambodia at an instant. */
export function cambodianDateOf(instant: Date): CalendarDate {
  return new Date(instant.getTime() + CAMBODIA_UTC_OFFSET_MINUTES * 60_000).toISOString().slice(0, 10);
}

/**
 * Validates an instant from a command and returns it normalised (`toISOString`), so that events
 * compare and sort as plain strings. Rules: 'invalid-date', 'date-in-future'.
 */
export function requirePastInstant(value: unknown, now: Date, field = 'occurredAt'): IsoDateTime {
  const instant = parseInstant(value);
  if (!instant) {
    throw new RuleViolationError(
      'invalid-date',
      `${field} must be an ISO 8601 date-time with an offset, e.g. 2022-09-19T09:00:00Z; got ${JSON.stringify(value)}`,
      { field, value },
    );
  }
  if (instant.getTime() > now.getTime()) {
    throw new RuleViolationError(
      'date-in-future',
      `${field} ${instant.toISOString()} is in the future (now is ${now.toISOString()})`,
      { field, value: instant.toISOString(), now: now.toISOString() },
    );
  }
  return instant.toISOString();
}

/** Validates a calendar date. Rule: 'invalid-date'. */
export function requireCalendarDate(value: unknown, field: string): CalendarDate {
  if (!isCalendarDate(value)) {
    throw new RuleViolationError(
      'invalid-date',
      `${field} must be a calendar date YYYY-MM-DD; got ${JSON.stringify(value)}`,
      { field, value },
    );
  }
  return value;
}

/** A calendar date not after today in Cambodia. Rules: 'invalid-date', 'date-in-future'. */
export function requirePastCalendarDate(value: unknown, now: Date, field: string): CalendarDate {
  const date = requireCalendarDate(value, field);
  const today = cambodianDateOf(now);
  if (date > today) {
    throw new RuleViolationError('date-in-future', `${field} ${date} is after today (${today} in Cambodia)`, {
      field,
      value: date,
      today,
    });
  }
  return date;
}

/** Rule: 'not-a-non-negative-integer'. */
export function requireNonNegativeInteger(value: unknown, field: string): number {
  if (typeof value !== 'number' || !Number.isSafeInteger(value) || value < 0) {
    throw new RuleViolationError(
      'not-a-non-negative-integer',
      `${field} must be a whole number of 0 or more; got ${JSON.stringify(value)}`,
      { field, value },
    );
  }
  return value;
}

/** Rule: 'not-a-positive-integer'. */
export function requirePositiveInteger(value: unknown, field: string): number {
  if (typeof value !== 'number' || !Number.isSafeInteger(value) || value < 1) {
    throw new RuleViolationError(
      'not-a-positive-integer',
      `${field} must be a whole number of 1 or more; got ${JSON.stringify(value)}`,
      { field, value },
    );
  }
  return value;
}

/** Riel has no minor unit in use: amounts are whole, positive and exact. Rule: 'amount-must-be-positive'. */
export function requirePositiveRiel(value: unknown, field = 'amountRiel'): number {
  if (typeof value !== 'number' || !Number.isSafeInteger(value) || value < 1) {
    throw new RuleViolationError(
      'amount-must-be-positive',
      `${field} must be a positive whole number of riel; got ${JSON.stringify(value)}`,
      { field, value },
    );
  }
  return value;
}

/** Rule: 'required-text'. Returns the trimmed text. */
export function requireText(value: unknown, field: string): string {
  if (typeof value !== 'string' || value.trim() === '') {
    throw new RuleViolationError('required-text', `${field} must be a non-empty text`, { field });
  }
  return value.trim();
}

/** Ids (of persons, raids, fines…) are opaque non-empty strings without surrounding spaces. Rule: 'invalid-id'. */
export function requireId(value: unknown, field: string): string {
  if (typeof value !== 'string' || value === '' || value.trim() !== value || value.length > 200) {
    throw new RuleViolationError(
      'invalid-id',
      `${field} must be a non-empty id without surrounding spaces (at most 200 characters); got ${JSON.stringify(value)}`,
      { field, value },
    );
  }
  return value;
}

/** Returns the first value that occurs twice, if any. */
export function firstDuplicate<T>(values: Iterable<T>): T | undefined {
  const seen = new Set<T>();
  for (const value of values) {
    if (seen.has(value)) return value;
    seen.add(value);
  }
  return undefined;
}

/** Rule: 'duplicate-person'. */
export function requireDistinctPersons(personIds: readonly string[], field = 'personIds'): void {
  const duplicate = firstDuplicate(personIds);
  if (duplicate !== undefined) {
    throw new RuleViolationError('duplicate-person', `person ${duplicate} appears twice in ${field}`, {
      field,
      personId: duplicate,
    });
  }
}
