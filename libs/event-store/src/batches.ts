export interface BatchOptions {
  /** Most events per transaction. Default 500. */
  maxEvents?: number;
  /** Longest wait, from a batch's first event, for more events before applying it. Default 50. */
  maxWaitMs?: number;
}

export const DEFAULT_BATCH = { maxEvents: 500, maxWaitMs: 50 } as const;

const TIMEOUT = Symbol('timeout');

/**
 * Groups an event stream into batches of up to `maxEvents`, closing a batch `maxWaitMs` after
 * its first event. While the source is idle it yields an empty batch every `maxWaitMs`, so a
 * consumer can act at the live edge (a rebuild switches there).
 *
 * Once a full batch is handed out, the next read is already started: the source fetches while
 * the consumer applies.
 */
export async function* batches<T>(source: AsyncIterator<T>, options: BatchOptions = {}): AsyncGenerator<T[]> {
  const maxEvents = options.maxEvents ?? DEFAULT_BATCH.maxEvents;
  const maxWaitMs = options.maxWaitMs ?? DEFAULT_BATCH.maxWaitMs;
  if (!Number.isInteger(maxEvents) || maxEvents < 1) {
    throw new RangeError(`maxEvents must be a positive integer, got ${maxEvents}`);
  }
  let pending: Promise<IteratorResult<T>> | undefined;
  const pull = (): Promise<IteratorResult<T>> => {
    if (!pending) {
      pending = source.next();
      // Awaited later (or never, if the consumer leaves): a rejection must not go unhandled.
      pending.catch(() => undefined);
    }
    return pending;
  };
  for (;;) {
    const batch: T[] = [];
    // One timer per batch, not one per event: a batch of thousands would set thousands.
    let timeout = deadlineIn(maxWaitMs);
    try {
      while (batch.length < maxEvents) {
        let result = await Promise.race([pull(), timeout.reached]);
        // A value that is already there wins even when the time is up: a 0 ms timer fires after it.
        if (result === TIMEOUT) result = await raceTimeout(pull(), 0);
        if (result === TIMEOUT) break;
        pending = undefined;
        if (result.done) {
          timeout.clear();
          if (batch.length > 0) yield batch;
          return;
        }
        if (batch.length === 0) {
          timeout.clear();
          timeout = deadlineIn(maxWaitMs);
        }
        batch.push(result.value);
      }
    } finally {
      timeout.clear();
    }
    if (batch.length === maxEvents) pull();
    yield batch;
  }
}

/** Resolves TIMEOUT after `ms`, unless cleared first. */
function deadlineIn(ms: number): { reached: Promise<typeof TIMEOUT>; clear(): void } {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const reached = new Promise<typeof TIMEOUT>((resolve) => {
    timer = setTimeout(() => resolve(TIMEOUT), Math.max(0, ms));
  });
  return { reached, clear: () => clearTimeout(timer) };
}

/** A value that is already there wins even when the time is up: a 0 ms timer fires after it. */
function raceTimeout<T>(promise: Promise<T>, ms: number): Promise<T | typeof TIMEOUT> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const timeout = new Promise<typeof TIMEOUT>((resolve) => {
    timer = setTimeout(() => resolve(TIMEOUT), Math.max(0, ms));
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}
