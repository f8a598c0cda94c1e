import { describe, expect, it } from '@jest/globals';
import { cambodianDateOf } from '@ledger/domain';
import fc from 'fast-check';
import { cambodianDayOf } from './statistics.delta.js';

describe('cambodianDayOf', () => {
  it('gives the Cambodian date of any instant, normalised or not', () => {
    const instants = fc.date({
      min: new Date('1970-01-01T00:00:00.000Z'),
      max: new Date('2100-12-31T23:59:59.999Z'),
      noInvalidDate: true,
    });
    fc.assert(
      fc.property(instants, (instant) => {
        expect(cambodianDayOf(instant.toISOString())).toBe(cambodianDateOf(instant));
      }),
      { numRuns: 2_000 },
    );
    fc.assert(
      fc.property(instants, fc.integer({ min: -12, max: 14 }), (instant, offset) => {
        // The same instant written with another offset takes the general path.
        const local = new Date(instant.getTime() + offset * 3_600_000).toISOString().slice(0, 19);
        const sign = offset < 0 ? '-' : '+';
        const written = `${local}${sign}${String(Math.abs(offset)).padStart(2, '0')}:00`;
        expect(cambodianDayOf(written)).toBe(
          cambodianDateOf(new Date(Math.floor(instant.getTime() / 1000) * 1000)),
        );
      }),
      { numRuns: 500 },
    );
  });

  it('turns the day at 17:00 UTC, midnight in Phnom Penh', () => {
    expect(cambodianDayOf('2022-09-19T16:59:59.999Z')).toBe('2022-09-19');
    expect(cambodianDayOf('2022-09-19T17:00:00.000Z')).toBe('2022-09-20');
    expect(cambodianDayOf('2022-12-31T23:00:00.000Z')).toBe('2023-01-01');
    expect(cambodianDayOf('2024-02-28T20:00:00.000Z')).toBe('2024-02-29');
  });
});
