import { describe, expect, it } from '@jest/globals';
import fc from 'fast-check';
import { formatPosition, parsePosition } from './position.js';

describe('checkpoint text', () => {
  it('round-trips every position, beyond 2^53 too', () => {
    fc.assert(
      fc.property(fc.bigInt({ min: 0n, max: 2n ** 64n }), (p) => parsePosition(formatPosition(p)) === p),
    );
  });

  it('rejects text that is not a canonical non-negative integer', () => {
    for (const bad of ['', '-1', '01', '1.0', '1e3', ' 1', '0x10', 'abc']) {
      expect(() => parsePosition(bad)).toThrow(TypeError);
    }
    expect(() => formatPosition(-1n)).toThrow(RangeError);
  });
});
