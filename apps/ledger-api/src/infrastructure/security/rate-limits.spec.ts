import { describe, expect, it } from '@jest/globals';
import { RequestBudget } from './rate-limits.js';

describe('RequestBudget', () => {
  it('allows the limit per key and minute, says how long to wait, and starts afresh in the next window', () => {
    const budget = new RequestBudget(2);
    const start = 1_000_000;
    expect(budget.take('a', start)).toBeUndefined();
    expect(budget.take('a', start + 1_000)).toBeUndefined();
    expect(budget.take('a', start + 20_000)).toBe(40);
    expect(budget.take('b', start + 20_000)).toBeUndefined();
    expect(budget.take('a', start + 60_000)).toBeUndefined();
  });

  it('never waits less than a second, even at the end of a window', () => {
    const budget = new RequestBudget(1);
    budget.take('a', 0);
    expect(budget.take('a', 59_999)).toBe(1);
  });
});
