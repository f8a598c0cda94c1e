import type { EventSubscription, RecordedEvent, SubscribeOptions } from './event-store.port.js';

/** Reads up to `maxCount` events strictly after `after` (from the start when undefined). */
export type ReadBatch = (after: bigint | undefined, maxCount: number) => Promise<RecordedEvent[]>;

export interface PollingOptions extends SubscribeOptions {
  /** Pause after a batch that was not full; also the first idle pause. */
  minDelayMs?: number;
  /** Longest pause while idle: bounds the latency for events this process did not append. */
  maxDelayMs?: number;
}

/**
 * Catch-up and live in one loop over any store that can read its log after a checkpoint.
 * Full batches are read back to back; then the pause doubles while the log is idle, and
 * `wake()` (called by the store after its own appends) cuts the pause short.
 */
export class PollingSubscription implements EventSubscription {
  private readonly batchSize: number;
  private readonly minDelayMs: number;
  private readonly maxDelayMs: number;
  private stopped = false;
  /** Set by wake(): the next pause is skipped even if wake() came while a read was running. */
  private woken = false;
  private interruptPause: (() => void) | undefined;
  private reading: Promise<unknown> | undefined;
  private iterator: AsyncGenerator<RecordedEvent> | undefined;

  constructor(
    private readonly read: ReadBatch,
    private readonly options: PollingOptions = {},
    private readonly onEnd?: (subscription: PollingSubscription) => void,
  ) {
    this.batchSize = options.batchSize ?? 500;
    this.minDelayMs = options.minDelayMs ?? 5;
    this.maxDelayMs = options.maxDelayMs ?? 200;
    if (!Number.isInteger(this.batchSize) || this.batchSize < 1) {
      throw new RangeError(`batchSize must be a positive integer, got ${this.batchSize}`);
    }
  }

  wake(): void {
    this.woken = true;
    this.interruptPause?.();
  }

  /** Ends the iteration; resolves once no read of this subscription is running. */
  async stop(): Promise<void> {
    this.stopped = true;
    this.interruptPause?.();
    // A read that fails now has nobody left to report to.
    await this.reading?.catch(() => undefined);
    this.onEnd?.(this);
  }

  [Symbol.asyncIterator](): AsyncIterator<RecordedEvent> {
    this.iterator ??= this.run();
    return this.iterator;
  }

  private async *run(): AsyncGenerator<RecordedEvent> {
    let checkpoint = this.options.after;
    let delay = this.minDelayMs;
    let idle = false;
    try {
      while (!this.stopped) {
        this.woken = false;
        const reading = this.read(checkpoint, this.batchSize);
        this.reading = reading;
        const batch = await reading;
        for (const event of batch) {
          if (this.stopped) return;
          checkpoint = event.position;
          yield event;
        }
        if (batch.length === this.batchSize) continue;
        const quiet = batch.length === 0 && !this.woken;
        delay = quiet && idle ? Math.min(delay * 2, this.maxDelayMs) : this.minDelayMs;
        idle = quiet;
        await this.pause(delay);
      }
    } finally {
      this.stopped = true;
      this.onEnd?.(this);
    }
  }

  private pause(ms: number): Promise<void> {
    if (this.woken || this.stopped) return Promise.resolve();
    return new Promise<void>((resolve) => {
      const timer = setTimeout(done, ms);
      this.interruptPause = done;
      function done() {
        clearTimeout(timer);
        resolve();
      }
    }).finally(() => {
      this.interruptPause = undefined;
    });
  }
}
