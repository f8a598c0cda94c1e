import type { RecordedEvent } from '@ledger/event-store';
import type { SqlClient, SqlExecutor } from '@ledger/sql';
import type { RebuildWriter } from './projection.js';

/** Where a batch lies in the log: what an error names, without keeping the events alive. */
export interface BatchSpan {
  readonly size: number;
  readonly first: bigint;
  readonly last: bigint;
}

export const spanOf = (events: readonly RecordedEvent[]): BatchSpan => ({
  size: events.length,
  first: events[0]?.position ?? 0n,
  last: events.at(-1)?.position ?? 0n,
});

/** A batch's writes, committing while the next batches are read and computed. */
interface InFlight {
  readonly commit: Promise<void>;
  readonly last: bigint;
}

/**
 * Runs a rebuild's writes behind its reads: while batch n commits, batch n + 1 is computed and
 * batch n + 2 read. The checkpoint moves only over batches whose writes, and every earlier
 * batch's, have committed.
 *
 * A rebuild's commits need not reach the disk one by one (synchronous_commit off): the switch
 * commits synchronously, which flushes every earlier commit with it; a crash before then leaves
 * a generation that the next rebuild drops anyway.
 */
export class RebuildPipeline {
  private readonly inFlight: InFlight[] = [];

  constructor(
    private readonly sql: SqlClient,
    private readonly writer: RebuildWriter,
    private readonly cursor: { checkpoint: bigint },
    /** Batches whose writes may be committing at once. */
    private readonly depth: number,
    /** Wraps an error of a batch's write, naming the batch. */
    private readonly failure: (batch: BatchSpan, cause: unknown) => Error,
  ) {}

  /** Computes a batch and starts its writes; waits while `depth` batches are still committing. */
  async submit(events: readonly RecordedEvent[]): Promise<void> {
    if (events.length === 0) return;
    // Only this, not the events, stays alive while the batch commits behind the next ones.
    const batch = spanOf(events);
    let write: (tx: SqlExecutor) => Promise<void>;
    try {
      write = await this.writer.prepare(events);
    } catch (err) {
      throw this.failure(batch, err);
    }
    const commit = this.sql
      .transaction(async (tx) => {
        if (this.sql.dialect === 'pg') await tx.query('SET LOCAL synchronous_commit = off');
        await write(tx);
      })
      .catch((err: unknown) => {
        throw this.failure(batch, err);
      });
    // Awaited in order by settleOldest; a failure must not count as unhandled meanwhile.
    commit.catch(() => undefined);
    this.inFlight.push({ commit, last: batch.last });
    while (this.inFlight.length > this.depth) await this.settleOldest();
  }

  /** Waits for every batch handed in to commit; the checkpoint is then the last one's. */
  async drain(): Promise<void> {
    while (this.inFlight.length > 0) await this.settleOldest();
  }

  /** Drains, then writes what the writer kept back. */
  async flush(): Promise<void> {
    await this.drain();
    await this.writer.flush();
  }

  /** After a failure or a stop: lets whatever is still committing finish, successes and failures alike. */
  async abandon(): Promise<void> {
    const commits = this.inFlight.splice(0).map((batch) => batch.commit);
    await Promise.allSettled(commits);
    await this.writer.abandon?.().catch(() => undefined);
  }

  private async settleOldest(): Promise<void> {
    const oldest = this.inFlight[0];
    if (!oldest) return;
    try {
      await oldest.commit;
    } catch (err) {
      await this.abandon();
      throw err;
    }
    this.inFlight.shift();
    this.cursor.checkpoint = oldest.last;
  }
}
