/** The message of anything thrown, for log lines and recorded statuses. */
export function messageOf(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}

export interface BackoffOptions {
  /** Pause after the first failure. */
  initialMs: number;
  /** Longest pause. */
  maxMs: number;
}

/**
 * Pause before attempt `failures + 1`: doubling from initialMs up to maxMs, with half of it
 * random so that processes restarted together do not retry in step.
 */
export function backoffDelay(failures: number, { initialMs, maxMs }: BackoffOptions): number {
  const ceiling = Math.min(maxMs, initialMs * 2 ** Math.max(0, failures - 1));
  return Math.round(ceiling / 2 + (Math.random() * ceiling) / 2);
}

/** A pause that `interrupt()` ends early: a loop that waits between retries stops at once. */
export class InterruptiblePause {
  private wake: (() => void) | undefined;

  async wait(ms: number): Promise<void> {
    await new Promise<void>((resolve) => {
      const timer = setTimeout(resolve, ms);
      this.wake = () => {
        clearTimeout(timer);
        resolve();
      };
    });
    this.wake = undefined;
  }

  interrupt(): void {
    this.wake?.();
  }
}
