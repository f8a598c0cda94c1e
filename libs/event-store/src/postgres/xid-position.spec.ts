import { describe, expect, it } from '@jest/globals';
import fc from 'fast-check';
import { decodePosition, encodePosition, MAX_EVENTS_PER_APPEND } from './xid-position.js';

const xid = fc.bigInt({ min: 3n, max: 2n ** 42n });
const index = fc.integer({ min: 0, max: MAX_EVENTS_PER_APPEND - 1 });

describe('xid positions', () => {
  it('decode to the transaction and index they were made from', () => {
    fc.assert(
      fc.property(xid, index, (t, i) => {
        expect(decodePosition(encodePosition(t, i))).toEqual({ transactionId: t, index: i });
      }),
    );
  });

  it('order every event of an older transaction before any event of a newer one', () => {
    fc.assert(
      fc.property(xid, xid, index, index, (a, b, i, j) => {
        fc.pre(a < b);
        expect(encodePosition(a, i) < encodePosition(b, j)).toBe(true);
      }),
    );
  });

  it('order the events of one append by their index', () => {
    fc.assert(
      fc.property(xid, index, index, (t, i, j) => {
        fc.pre(i < j);
        expect(encodePosition(t, i) < encodePosition(t, j)).toBe(true);
      }),
    );
  });

  it('refuse an index that would not fit the low bits', () => {
    expect(() => encodePosition(5n, MAX_EVENTS_PER_APPEND)).toThrow(RangeError);
    expect(() => encodePosition(5n, -1)).toThrow(RangeError);
    expect(MAX_EVENTS_PER_APPEND).toBe(2 ** 20 - 1);
  });
});
