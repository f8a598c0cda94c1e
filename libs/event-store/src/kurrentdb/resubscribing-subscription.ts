/**
 * A live subscription that survives dropped connections and leader changes: when the source
 * fails with a transient error (or simply ends), it opens a new one strictly after the last
 * position it yielded. Positions at or below that checkpoint are dropped, so a source that
 * replays part of its history cannot make an event arrive twice.
 *
 * The source is abstract ("open a subscription after X"), so the loop runs against KurrentDB in
 * production and against a scripted source in its spec.
 */

/** One opened subscription: pulls events one by one; close() releases it. */
export interface LiveSource<T> {
  next(): Promise<IteratorResult<T>>;
  close(): Promise<void>;
}

/** Opens a subscription delivering events strictly after `after` (from the start when undefined). */
export type OpenLiveSource<T> = (after: bigint | undefined) => LiveSource<T>;

export interface ResubscribeInfo {
  error: unknown;
  /** Where the next subscription starts: the last position yielded. */
  after: bigint | undefined;
  /** Consecutive failures without an event in between, this one included. */
  attempt: number;
  delayMs: number;
}

export interface ResubscribeOptions {
  /** Resume strictly after this checkpoint. Default: from the start. */
  after?: bigint;
  /** Errors worth a new subscription; any other error ends the iteration by throwing. */
  isTransient(error: unknown): boolean;
  /** First pause before resubscribing; doubles per consecutive failure. Default 100. */
  minDelayMs?: number;
  /** Longest pause. Default 5000. */
  maxDelayMs?: number;
  /** Consecutive failures tolerated before the last error is thrown. Default: no limit. */
  maxAttempts?: number;
  onResubscribe?(info: ResubscribeInfo): void;
}

const STOPPED = Symbol('stopped');

/** The source ended although nobody stopped it: always resubscribed, like a dropped connection. */
export class SourceEndedError extends Error {
  override readonly name = 'SourceEndedError';
  constructor() {
    super('the subscription ended without being stopped');
  }
}

export class ResubscribingSubscription<T extends { position: bigint }> implements AsyncIterable<T> {
  private readonly minDelayMs: number;
  private readonly maxDelayMs: number;
  private readonly maxAttempts: number;
  private stopped = false;
  private source: LiveSource<T> | undefined;
  private readonly closed = new WeakSet<LiveSource<T>>();
  private iterator: AsyncGenerator<T> | undefined;
  /** Set while the loop waits (for an event or a pause): stop() cuts the wait short. */
  private interrupt: (() => void) | undefined;

  constructor(
    private readonly open: OpenLiveSource<T>,
    private readonly options: ResubscribeOptions,
    private readonly onEnd?: (subscription: ResubscribingSubscription<T>) => void,
  ) {
    this.minDelayMs = options.minDelayMs ?? 100;
    this.maxDelayMs = options.maxDelayMs ?? 5_000;
    this.maxAttempts = options.maxAttempts ?? Infinity;
  }

  /** Ends the iteration (even one waiting for events) and closes the open source. */
  async stop(): Promise<void> {
    this.stopped = true;
    this.interrupt?.();
    await this.closeSource(this.source);
    this.onEnd?.(this);
  }

  [Symbol.asyncIterator](): AsyncIterator<T> {
    this.iterator ??= this.run();
    return this.iterator;
  }

  private async *run(): AsyncGenerator<T> {
    let checkpoint = this.options.after;
    let attempt = 0;
    try {
      while (!this.stopped) {
        let source: LiveSource<T> | undefined;
        try {
          source = this.open(checkpoint);
          this.source = source;
          for (;;) {
            const result = await this.untilStopped(source.next());
            if (result === STOPPED) return;
            if (result.done) throw new SourceEndedError();
            const event = result.value;
            if (checkpoint !== undefined && event.position <= checkpoint) continue;
            checkpoint = event.position;
            attempt = 0;
            yield event;
            if (this.stopped) return;
          }
        } catch (error) {
          if (this.stopped) return;
          attempt++;
          const transient = error instanceof SourceEndedError || this.options.isTransient(error);
          if (!transient || attempt > this.maxAttempts) throw error;
          const delayMs = Math.min(this.minDelayMs * 2 ** (attempt - 1), this.maxDelayMs);
          this.options.onResubscribe?.({ error, after: checkpoint, attempt, delayMs });
          await this.closeSource(source);
          let timer: ReturnType<typeof setTimeout> | undefined;
          await this.untilStopped(new Promise((resolve) => (timer = setTimeout(resolve, delayMs))));
          clearTimeout(timer);
        } finally {
          await this.closeSource(source);
        }
      }
    } finally {
      this.stopped = true;
      this.onEnd?.(this);
    }
  }

  /**
   * Waits for `promise` unless stop() comes first. A fresh resolver per wait, rather than racing
   * one long-lived stop promise, which would keep a reaction for every event ever delivered.
   */
  private untilStopped<R>(promise: Promise<R>): Promise<R | typeof STOPPED> {
    if (this.stopped) {
      // Abandoned, not awaited: a late rejection must not surface as unhandled.
      promise.catch(() => undefined);
      return Promise.resolve(STOPPED);
    }
    return new Promise<R | typeof STOPPED>((resolve, reject) => {
      this.interrupt = () => {
        promise.catch(() => undefined);
        resolve(STOPPED);
      };
      promise.then(resolve, reject);
    }).finally(() => {
      this.interrupt = undefined;
    });
  }

  /** Closes each source once, whoever gets there first (stop() or the loop). */
  private async closeSource(source: LiveSource<T> | undefined): Promise<void> {
    if (!source || this.closed.has(source)) return;
    this.closed.add(source);
    if (this.source === source) this.source = undefined;
    await source.close().catch(() => undefined);
  }
}
