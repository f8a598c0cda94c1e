import { describe, expect, it } from '@jest/globals';
import { FixedWindowStorage } from './rate-limits.js';

describe('FixedWindowStorage', () => {
  it('allows the limit per key and window, says how long to wait, and starts afresh in the next window', async () => {
    let now = 1_000_000;
    const storage = new FixedWindowStorage(() => now);
    const hit = async (key: string, at: number) => {
      now = at;
      const { isBlocked, timeToBlockExpire } = await storage.increment(key, 60_000, 2);
      return isBlocked ? timeToBlockExpire : 'allowed';
    };
    expect(await hit('a', 1_000_000)).toBe('allowed');
    expect(await hit('a', 1_001_000)).toBe('allowed');
    expect(await hit('a', 1_020_000)).toBe(40);
    expect(await hit('b', 1_020_000)).toBe('allowed');
    expect(await hit('a', 1_060_000)).toBe('allowed');
  });

  it('never waits less than a second, even at the end of a window', async () => {
    let now = 0;
    const storage = new FixedWindowStorage(() => now);
    await storage.increment('a', 60_000, 1);
    now = 59_999;
    expect(await storage.increment('a', 60_000, 1)).toMatchObject({ isBlocked: true, timeToBlockExpire: 1 });
  });
});
