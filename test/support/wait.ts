/** Waiting in tests: for a while, or until something holds. */
import { setTimeout as sleep } from 'node:timers/promises';

export { sleep };

/** Polls `check` every `intervalMs` until it returns true; fails naming `what` after `timeoutMs`. */
export async function until(
  what: string,
  check: () => Promise<boolean>,
  timeoutMs = 15_000,
  intervalMs = 10,
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting until ${what}`);
    await sleep(intervalMs);
  }
}
