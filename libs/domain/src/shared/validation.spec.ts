import { describe, expect, it } from '@jest/globals';
import fc from 'fast-check';
import { RuleViolationError } from './errors.js';
import {
  cambodianDateOf,
  firstDuplicate,
  isCalendarDate,
  parseInstant,
  requireCalendarDate,
  requireDistinctPersons,
  requireId,
  requireNonNegativeInteger,
  requirePastCalendarDate,
  requirePastInstant,
  requirePositiveInteger,
  requirePositiveRiel,
  requireText,
} from './validation.js';

const NOW = new Date('2022-09-30T12:00:00.000Z');

function ruleOf(fn: () => unknown): string | undefined {
  try {
    fn();
  } catch (error) {
    if (error instanceof RuleViolationError) return error.rule;
    throw error;
  }
  return undefined;
}

describe('instants', () => {
  it('parses an instant in UTC or with an offset', () => {
    expect(parseInstant('2022-09-19T09:00:00Z')?.toISOString()).toBe('2022-09-19T09:00:00.000Z');
    expect(parseInstant('2022-09-19T09:00+07:00')?.toISOString()).toBe('2022-09-19T02:00:00.000Z');
    expect(parseInstant('2022-09-19T09:00:00.123456Z')?.toISOString()).toBe('2022-09-19T09:00:00.123Z');
  });

  it('refuses an instant without an offset, which would depend on the host time zone', () => {
    expect(parseInstant('2022-09-19T09:00:00')).toBeUndefined();
  });

  it('refuses impossible dates and times instead of rolling them over', () => {
    expect(parseInstant('2022-02-30T00:00:00Z')).toBeUndefined();
    expect(parseInstant('2022-09-19T24:00:00Z')).toBeUndefined();
    expect(parseInstant('2022-09-19T09:60:00Z')).toBeUndefined();
    expect(parseInstant('2022-09-19T09:00:00+25:00')).toBeUndefined();
    expect(parseInstant('2022-09-19')).toBeUndefined();
    expect(parseInstant(20220919)).toBeUndefined();
  });

  it('accepts 29 February in a leap year only', () => {
    expect(parseInstant('2024-02-29T00:00:00Z')).toBeDefined();
    expect(parseInstant('2023-02-29T00:00:00Z')).toBeUndefined();
  });

  it('normalises a past instant to UTC with milliseconds', () => {
    expect(requirePastInstant('2022-09-19T09:00:00+07:00', NOW)).toBe('2022-09-19T02:00:00.000Z');
  });

  it('accepts an instant equal to now', () => {
    expect(requirePastInstant(NOW.toISOString(), NOW)).toBe(NOW.toISOString());
  });

  it('rejects an instant in the future with date-in-future', () => {
    expect(ruleOf(() => requirePastInstant('2022-09-30T12:00:00.001Z', NOW))).toBe('date-in-future');
  });

  it('rejects a malformed instant with invalid-date', () => {
    expect(ruleOf(() => requirePastInstant('yesterday', NOW))).toBe('invalid-date');
  });

  it('round-trips any instant through its ISO form (property)', () => {
    fc.assert(
      fc.property(
        fc.date({
          min: new Date('1970-01-01T00:00:00Z'),
          max: new Date('2100-01-01T00:00:00Z'),
          noInvalidDate: true,
        }),
        (d) => {
          expect(parseInstant(d.toISOString())?.getTime()).toBe(d.getTime());
        },
      ),
    );
  });

  it('rejects every instant after now and accepts every one before (property)', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 10 ** 12 }), (ms) => {
        expect(ruleOf(() => requirePastInstant(new Date(NOW.getTime() + ms).toISOString(), NOW))).toBe(
          'date-in-future',
        );
        expect(
          ruleOf(() => requirePastInstant(new Date(NOW.getTime() - ms).toISOString(), NOW)),
        ).toBeUndefined();
      }),
    );
  });
});

describe('calendar dates', () => {
  it('recognises real YYYY-MM-DD dates only', () => {
    expect(isCalendarDate('2022-09-23')).toBe(true);
    expect(isCalendarDate('2022-9-23')).toBe(false);
    expect(isCalendarDate('2022-13-01')).toBe(false);
    expect(isCalendarDate('2022-04-31')).toBe(false);
    expect(isCalendarDate('2022-09-23T00:00:00Z')).toBe(false);
    expect(isCalendarDate(null)).toBe(false);
  });

  it('reads the date at an instant in Cambodian time (UTC+7)', () => {
    expect(cambodianDateOf(new Date('2022-09-22T16:59:59Z'))).toBe('2022-09-22');
    expect(cambodianDateOf(new Date('2022-09-22T17:00:00Z'))).toBe('2022-09-23');
  });

  it('rejects a malformed calendar date with invalid-date', () => {
    expect(ruleOf(() => requireCalendarDate('23/09/2022', 'executedOn'))).toBe('invalid-date');
  });

  it('accepts today in Cambodia even when it is still yesterday in UTC', () => {
    // 2022-09-30T20:00Z is already 1 October 03:00 in Phnom Penh.
    expect(requirePastCalendarDate('2022-10-01', new Date('2022-09-30T20:00:00Z'), 'executedOn')).toBe(
      '2022-10-01',
    );
  });

  it('rejects a calendar date after today in Cambodia with date-in-future', () => {
    expect(ruleOf(() => requirePastCalendarDate('2022-10-01', NOW, 'executedOn'))).toBe('date-in-future');
  });
});

describe('numbers', () => {
  it('accepts every non-negative safe integer (property)', () => {
    fc.assert(fc.property(fc.nat(), (n) => expect(requireNonNegativeInteger(n, 'n')).toBe(n)));
  });

  it('rejects negative, fractional and non-numeric counts with not-a-non-negative-integer', () => {
    for (const bad of [-1, 1.5, Number.NaN, Number.POSITIVE_INFINITY, '3', 2 ** 53]) {
      expect(ruleOf(() => requireNonNegativeInteger(bad, 'n'))).toBe('not-a-non-negative-integer');
    }
  });

  it('rejects zero as a positive integer with not-a-positive-integer', () => {
    expect(ruleOf(() => requirePositiveInteger(0, 'count'))).toBe('not-a-positive-integer');
    expect(requirePositiveInteger(1, 'count')).toBe(1);
  });

  it('accepts any positive whole riel amount (property)', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: Number.MAX_SAFE_INTEGER }), (n) =>
        expect(requirePositiveRiel(n)).toBe(n),
      ),
    );
  });

  it('rejects zero, negative and fractional riel with amount-must-be-positive', () => {
    fc.assert(
      fc.property(
        fc.oneof(fc.integer({ max: 0 }), fc.double({ noInteger: true }), fc.constant(2 ** 53)),
        (bad) => expect(ruleOf(() => requirePositiveRiel(bad))).toBe('amount-must-be-positive'),
      ),
    );
  });
});

describe('texts and ids', () => {
  it('trims a required text and rejects a blank one with required-text', () => {
    expect(requireText('  unpaid work permit fees ', 'reason')).toBe('unpaid work permit fees');
    expect(ruleOf(() => requireText('   ', 'reason'))).toBe('required-text');
    expect(ruleOf(() => requireText(undefined, 'reason'))).toBe('required-text');
  });

  it('rejects empty, padded or overlong ids with invalid-id', () => {
    expect(requireId('raid-1', 'raidId')).toBe('raid-1');
    for (const bad of ['', ' raid-1', 'raid-1 ', 'x'.repeat(201), 7]) {
      expect(ruleOf(() => requireId(bad, 'raidId'))).toBe('invalid-id');
    }
  });

  it('finds the first duplicate', () => {
    expect(firstDuplicate(['a', 'b', 'a', 'b'])).toBe('a');
    expect(firstDuplicate(['a', 'b'])).toBeUndefined();
  });

  it('rejects a person named twice with duplicate-person', () => {
    expect(ruleOf(() => requireDistinctPersons(['p1', 'p2', 'p1']))).toBe('duplicate-person');
    expect(ruleOf(() => requireDistinctPersons(['p1', 'p2']))).toBeUndefined();
  });
});
