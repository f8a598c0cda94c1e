import { describe, expect, it } from '@jest/globals';
import fc from 'fast-check';
import {
  decodeKurrentPosition,
  encodeKurrentPosition,
  MAX_KURRENT_POSITION,
  type KurrentPosition,
} from './position-codec.js';

/** A log offset as KurrentDB hands it out: 0..long.MaxValue. */
const offset = fc.bigInt({ min: 0n, max: MAX_KURRENT_POSITION });
/** An event written by an append: commit == prepare. */
const appended = offset.map((p): KurrentPosition => ({ commit: p, prepare: p }));

/** KurrentDB's own order on positions (Transport/Common/Position.cs): commit, then prepare. */
const kurrentLess = (a: KurrentPosition, b: KurrentPosition) =>
  a.commit < b.commit || (a.commit === b.commit && a.prepare < b.prepare);

describe('KurrentDB position codec', () => {
  it('decodes every appended event position back to the commit and prepare it came from', () => {
    fc.assert(
      fc.property(appended, (position) => {
        expect(decodeKurrentPosition(encodeKurrentPosition(position))).toEqual(position);
      }),
    );
  });

  it('keeps KurrentDB order: a later event in $all always gets a larger position', () => {
    fc.assert(
      fc.property(appended, appended, (a, b) => {
        expect(encodeKurrentPosition(a) < encodeKurrentPosition(b)).toBe(kurrentLess(a, b));
      }),
    );
  });

  it('fits a signed 64-bit PostgreSQL bigint, the largest offset included', () => {
    fc.assert(
      fc.property(appended, (position) => {
        const encoded = encodeKurrentPosition(position);
        expect(BigInt.asIntN(64, encoded)).toBe(encoded);
        expect(encoded >= 0n).toBe(true);
      }),
    );
    const max = { commit: MAX_KURRENT_POSITION, prepare: MAX_KURRENT_POSITION };
    expect(encodeKurrentPosition(max)).toBe(9223372036854775807n);
  });

  it('encodes every checkpoint back to itself, so a stored checkpoint resumes where it was taken', () => {
    fc.assert(
      fc.property(offset, (checkpoint) => {
        expect(encodeKurrentPosition(decodeKurrentPosition(checkpoint))).toBe(checkpoint);
      }),
    );
  });

  it('refuses an event of an explicit transaction (commit after prepare) instead of misplacing it', () => {
    fc.assert(
      fc.property(offset, offset, (x, y) => {
        fc.pre(x !== y);
        const commit = x > y ? x : y;
        const prepare = x > y ? y : x;
        expect(() => encodeKurrentPosition({ commit, prepare })).toThrow(/explicit transaction/);
      }),
    );
  });

  it('refuses positions outside 0..2^63-1', () => {
    const beyond = MAX_KURRENT_POSITION + 1n;
    expect(() => encodeKurrentPosition({ commit: beyond, prepare: beyond })).toThrow(RangeError);
    expect(() => encodeKurrentPosition({ commit: -1n, prepare: -1n })).toThrow(RangeError);
    expect(() => decodeKurrentPosition(-1n)).toThrow(RangeError);
    expect(() => decodeKurrentPosition(beyond)).toThrow(RangeError);
  });
});
