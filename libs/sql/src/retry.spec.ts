import { describe, expect, it } from '@jest/globals';
import fc from 'fast-check';
import { backoffDelay, InterruptiblePause, messageOf } from './retry.js';

describe('retrying', () => {
  it('waits between half and all of a doubling delay, never more than the longest', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 60 }), (failures) => {
        const ceiling = Math.min(5_000, 250 * 2 ** (failures - 1));
        const delay = backoffDelay(failures, { initialMs: 250, maxMs: 5_000 });
        return delay >= Math.floor(ceiling / 2) && delay <= ceiling;
      }),
    );
  });

  it('ends a pause early when interrupted', async () => {
    const pause = new InterruptiblePause();
    const started = Date.now();
    const waiting = pause.wait(10_000);
    pause.interrupt();
    await waiting;
    expect(Date.now() - started).toBeLessThan(1_000);
  });

  it('names what was thrown, error or not', () => {
    expect(messageOf(new Error('connection refused'))).toBe('connection refused');
    expect(messageOf('timeout')).toBe('timeout');
  });
});
