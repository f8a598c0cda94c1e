import {
  batches,
  DEFAULT_BATCH,
  defaultEventCounter,
  type BatchOptions,
  type EventCounter,
  type EventStore,
  type EventSubscription,
} from '@ledger/event-store';
import {
  backoffDelay,
  InterruptiblePause,
  lockMigrations,
  isTransientSqlError,
  messageOf,
  type SqlClient,
  type SqlExecutor,
} from '@ledger/sql';
import { Generations } from './generations.js';
import { ProjectionEventError, quoteIdentifier, type Projection } from './projection.js';
import { RebuildPipeline, spanOf, type BatchSpan } from './rebuild-pipeline.js';
import { Registry, type ProjectionState, type ProjectionStatus } from './registry.js';

export interface ProjectorLogger {
  log(message: string): void;
  error(message: string): void;
}

export interface ProjectorOptions {
  sql: SqlClient;
  store: EventStore;
  /** Schema of the registry and of the projection's tables and views; created if missing. */
  schema: string;
  projection: Projection;
  /** Batches while following the log. Default 500 events or 50 ms. */
  batch?: BatchOptions;
  /** Batches while rebuilding. Default 5,000 events or 50 ms. */
  rebuildBatch?: BatchOptions;
  /** Default: the console. */
  logger?: ProjectorLogger;
  /** Counts events for lag and rebuild progress. Default: see `defaultEventCounter`. */
  countEvents?: EventCounter;
}

export interface ProjectionLag {
  checkpoint: bigint;
  head: bigint;
  /** Events visible in the log after the checkpoint. */
  behindEvents: number;
}

export interface RebuildProgress {
  generation: number;
  /** Events applied to the new generation so far. */
  events: number;
  /** Events in the log when the rebuild started. */
  total: number;
  /** events / total, at most 100 (the log grows during a rebuild). */
  percent: number;
  eventsPerSecond: number;
  elapsedMs: number;
}

export interface RebuildOptions {
  /** Besides the projector's own log line, at the same moments. */
  onProgress?: (progress: RebuildProgress) => void;
  /** Least time between two progress reports (log lines); the last one always comes. Default 1000. */
  progressIntervalMs?: number;
}

export interface RebuildResult {
  generation: number;
  /** Generation the views left; its tables are dropped. */
  previousGeneration: number;
  /** Checkpoint the new generation went live at. */
  checkpoint: bigint;
  events: number;
  elapsedMs: number;
  eventsPerSecond: number;
}

export const DEFAULT_REBUILD_BATCH = { maxEvents: 5_000, maxWaitMs: 50 } as const;
/** Rebuild batches whose writes may commit while the next one is computed (with a RebuildWriter). */
const REBUILD_PIPELINE_DEPTH = 2;
/** Backoff while the database does not answer. */
const RETRY = { initialMs: 250, maxMs: 5_000 } as const;
/** How often waitFor looks at the registry when no local batch wakes it (another process may project). */
const WAIT_POLL_MS = 100;

interface Cursor {
  readonly generation: number;
  checkpoint: bigint;
  readonly tables: Readonly<Record<string, string>>;
}

interface FollowMode {
  batch: Required<BatchOptions>;
  /** First statement of each batch's transaction: moves the stored checkpoint. */
  advance?: (tx: SqlExecutor, cursor: Cursor, to: bigint) => Promise<void>;
  /** After each batch, and every maxWaitMs while idle (applied 0); true ends the follow. */
  afterBatch: (cursor: Cursor, applied: number) => Promise<boolean>;
  /**
   * Applies the batches instead of applyBatch in one transaction each; the cursor's checkpoint
   * then follows the pipeline's commits, and may lag the batches handed to afterBatch.
   */
  pipeline?: RebuildPipeline;
}

/** The stored checkpoint or generation changed under this loop: it reads the registry again. */
class CheckpointMoved extends Error {}

/** A batch that could not be applied; nothing of it was written. */
class BatchFailed extends Error {
  readonly position: bigint;

  constructor(batch: BatchSpan, cause: unknown) {
    super(
      cause instanceof ProjectionEventError
        ? cause.message
        : `a batch of ${batch.size} events from position ${batch.first} to ${batch.last} could not be applied: ${messageOf(cause)}`,
      { cause },
    );
    this.position = cause instanceof ProjectionEventError ? cause.position : batch.first;
  }
}

/** Waits for every one of `work` to settle (nothing keeps running behind a failure), then throws the first failure. */
async function settleAll(work: readonly (Promise<unknown> | undefined)[]): Promise<void> {
  const failed = (await Promise.allSettled(work)).find((r) => r.status === 'rejected');
  if (failed) throw failed.reason;
}

/** Opens the registry and the active generation's tables and views, creating what is missing. */
export async function createProjector(options: ProjectorOptions): Promise<Projector> {
  const projector = new Projector(options);
  await projector.migrate();
  return projector;
}

/**
 * Runs one projection over the event log. Each batch of events is applied in one transaction
 * together with the move of the checkpoint, so every event takes effect exactly once, whatever
 * stops the process. An event that cannot be applied stops the projection (status 'failed')
 * until `resume()` or a restart; it is never skipped.
 */
export class Projector {
  readonly name: string;
  private readonly projection: Projection;
  private readonly registry: Registry;
  private readonly generations: Generations;
  private readonly logger: ProjectorLogger;
  private readonly countEvents: EventCounter;
  private readonly batch: Required<BatchOptions>;
  private readonly rebuildBatch: Required<BatchOptions>;
  private readonly subscriptions = new Set<EventSubscription>();
  private readonly commitWaiters = new Set<() => void>();
  private started = false;
  private stopping = false;
  private liveLoop: Promise<void> | undefined;
  private liveCursor: Cursor | undefined;
  private rebuilding: Promise<RebuildResult> | undefined;
  private readonly pause = new InterruptiblePause();
  /** Highest checkpoint this process has seen committed; checkpoints never go back. */
  private committed = -1n;

  /** Prefer `createProjector`, which also creates the tables. */
  constructor(private readonly options: ProjectorOptions) {
    this.projection = options.projection;
    this.name = options.projection.name;
    quoteIdentifier(this.name, 'projection name');
    this.registry = new Registry(options.sql, quoteIdentifier(options.schema, 'schema'), this.name);
    this.generations = new Generations(options.sql, options.schema, options.projection);
    this.logger = options.logger ?? console;
    this.countEvents = options.countEvents ?? defaultEventCounter(options.store, options.sql);
    this.batch = { ...DEFAULT_BATCH, ...options.batch };
    this.rebuildBatch = { ...DEFAULT_REBUILD_BATCH, ...options.rebuildBatch };
  }

  /** Idempotent, and safe for several processes starting at once. */
  async migrate(): Promise<void> {
    const schema = quoteIdentifier(this.options.schema, 'schema');
    await this.options.sql.transaction(async (tx) => {
      await lockMigrations(tx);
      await tx.query(`CREATE SCHEMA IF NOT EXISTS ${schema}`);
      for (const statement of this.registry.ddl()) await tx.query(statement);
      const state = await this.registry.register(tx, this.projection.version);
      // Another version's tables are left to the rebuild that start() runs.
      if (state.version !== this.projection.version) return;
      await this.generations.ensure(tx, state.generation);
      await this.generations.pointViews(tx, state.generation, true);
    });
  }

  /** Follows the log from the stored checkpoint, in the background. */
  start(): void {
    this.started = true;
    this.liveLoop ??= this.runLive().finally(() => {
      this.liveLoop = undefined;
    });
  }

  /** After a failure (and a fix): follows the log again from the stored checkpoint. */
  resume(): void {
    this.start();
  }

  /** Stops following the log and any rebuild; waits for the batch in flight to commit. */
  async stop(): Promise<void> {
    this.stopping = true;
    this.pause.interrupt();
    try {
      await Promise.all([...this.subscriptions].map((subscription) => subscription.stop()));
      await Promise.allSettled([this.liveLoop, this.rebuilding]);
      if (this.started) await this.registry.markStopped();
    } finally {
      this.started = false;
      this.stopping = false;
    }
  }

  status(): Promise<ProjectionState> {
    return this.registry.read();
  }

  /** Status and lag together, as health checks read them. */
  async health(): Promise<ProjectionState & ProjectionLag> {
    const state = await this.status();
    return { ...state, ...(await this.lagAfter(state.checkpoint)) };
  }

  async lag(): Promise<ProjectionLag> {
    return this.lagAfter((await this.registry.read()).checkpoint);
  }

  private async lagAfter(checkpoint: bigint): Promise<ProjectionLag> {
    const head = await this.options.store.headPosition();
    const behindEvents = head > checkpoint ? await this.countEvents(checkpoint, head) : 0;
    return { checkpoint, head, behindEvents };
  }

  /**
   * Read-your-writes: true once the projection has applied the event at `position` (its
   * checkpoint is at or past it), false if that takes longer than `timeoutMs`. Works whether
   * this process or another one runs the projection.
   */
  async waitFor(position: bigint, timeoutMs: number): Promise<boolean> {
    const deadline = Date.now() + timeoutMs;
    let poll = true;
    for (;;) {
      if (this.committed >= position) return true;
      if (poll) {
        const { checkpoint } = await this.registry.read();
        this.noteCommitted(checkpoint);
        if (checkpoint >= position) return true;
      }
      const remaining = deadline - Date.now();
      if (remaining <= 0) return false;
      poll = !(await this.nextCommit(Math.min(remaining, WAIT_POLL_MS)));
    }
  }

  /**
   * Builds the next generation from the start of the log while the active one keeps serving
   * and following it. Once the new generation has caught up with the active one, one
   * transaction points the views at it and moves the registry; then the old tables are dropped.
   */
  async rebuild(options: RebuildOptions = {}): Promise<RebuildResult> {
    if (this.rebuilding) throw new Error(`projection ${this.name}: a rebuild is already under way`);
    const run = this.runRebuild(options);
    this.rebuilding = run;
    try {
      return await run;
    } finally {
      this.rebuilding = undefined;
    }
  }

  private async runLive(): Promise<void> {
    let failures = 0;
    while (!this.stopping) {
      try {
        const state = await this.registry.read();
        if (state.version > this.projection.version) {
          this.logger.error(
            `projection ${this.name}: the registry holds version ${state.version}, newer than version ${this.projection.version} of this release; not following the log`,
          );
          return;
        }
        if (state.version < this.projection.version) {
          this.logger.log(
            `projection ${this.name}: version ${this.projection.version} replaces version ${state.version}; rebuilding while generation ${state.generation} keeps serving its last state`,
          );
          await this.registry.setStatus('rebuilding');
          // A rebuild already under way here builds this version too.
          await (this.rebuilding ?? this.rebuild());
          continue;
        }
        await this.registry.setStatus('running');
        const cursor = this.cursor(state.generation, state.checkpoint);
        this.liveCursor = cursor;
        this.logger.log(
          `projection ${this.name}: generation ${cursor.generation} follows the log after position ${cursor.checkpoint}`,
        );
        await this.follow(cursor, {
          batch: this.batch,
          advance: async (tx, c, to) => {
            if (!(await this.registry.advance(tx, c.generation, c.checkpoint, to)))
              throw new CheckpointMoved();
          },
          afterBatch: async (c, applied) => {
            if (applied > 0) {
              this.noteCommitted(c.checkpoint);
              failures = 0;
            }
            return false;
          },
        });
      } catch (err) {
        if (this.stopping) return;
        if (err instanceof CheckpointMoved) continue;
        // The database, not the projection, failed: nothing was applied; try again later.
        if (isTransientSqlError(err instanceof BatchFailed ? err.cause : err)) {
          failures += 1;
          const delay = backoffDelay(failures, RETRY);
          const message = messageOf(err);
          this.logger.error(
            `projection ${this.name}: the database failed (${message}); retrying in ${delay} ms`,
          );
          await this.registry.recordRetry(message).catch(() => undefined);
          await this.pause.wait(delay);
          continue;
        }
        await this.fail(err);
        return;
      }
    }
  }

  private async runRebuild(options: RebuildOptions): Promise<RebuildResult> {
    const startedAt = performance.now();
    const { generation, active } = await this.registry.claimRebuild();
    const cursor = this.cursor(generation, 0n);
    const writer = this.projection.rebuildWriter?.(this.options.sql, cursor.tables);
    const pipeline =
      writer &&
      new RebuildPipeline(
        this.options.sql,
        writer,
        cursor,
        REBUILD_PIPELINE_DEPTH,
        (batch, cause) => new BatchFailed(batch, cause),
      );
    const interval = options.progressIntervalMs ?? 1000;
    let events = 0;
    let total = 0;
    let previous: number | undefined;
    const progress = (): RebuildProgress => {
      const elapsedMs = performance.now() - startedAt;
      return {
        generation,
        events,
        total,
        percent: total === 0 ? 100 : Math.min(100, (events / total) * 100),
        eventsPerSecond: elapsedMs > 0 ? Math.round((events / elapsedMs) * 1000) : 0,
        elapsedMs,
      };
    };
    try {
      await this.generations.dropAllBut([active, generation]);
      // With a writer, indexes come once the rows are in (see TableDdl).
      let indexed = !pipeline;
      await this.options.sql.transaction((tx) => this.generations.ensure(tx, generation, indexed));
      const head = await this.options.store.headPosition();
      total = head > 0n ? await this.countEvents(0n, head) : 0;
      this.logger.log(
        `projection ${this.name}: rebuilding generation ${generation} from the start of the log (${total} events) while generation ${active} keeps serving`,
      );
      let reportedAt = performance.now();
      const caughtUp = await this.follow(cursor, {
        batch: this.rebuildBatch,
        ...(pipeline && { pipeline }),
        afterBatch: async (c, applied) => {
          events += applied;
          if (performance.now() - reportedAt >= interval) {
            reportedAt = performance.now();
            const p = progress();
            this.logger.log(
              `projection ${this.name}: rebuilding generation ${p.generation}: ${p.percent.toFixed(1)}% (${p.events}/${p.total} events), ${p.eventsPerSecond} events/s`,
            );
            options.onProgress?.(p);
          }
          // Switch only at the live edge: past the head the rebuild started from, and not while
          // batches come full (more is waiting).
          if (applied === this.rebuildBatch.maxEvents) return false;
          await pipeline?.drain();
          if (c.checkpoint < head) return false;
          // Every batch has committed: the writer's last rows and the indexes go in side by side.
          await settleAll([
            pipeline?.flush(),
            indexed ? undefined : this.generations.createIndexes(generation),
          ]);
          indexed = true;
          previous = await this.trySwitch(c);
          return previous !== undefined;
        },
      });
      if (!caughtUp || previous === undefined) {
        throw new Error(
          `projection ${this.name}: the rebuild of generation ${generation} stopped before it caught up`,
        );
      }
    } catch (err) {
      await this.abandonRebuild(generation);
      throw err;
    }
    const done = progress();
    options.onProgress?.(done);
    try {
      await this.generations.drop(previous);
    } catch (err) {
      // The views no longer read them; the next rebuild drops them.
      this.logger.error(`projection ${this.name}: could not drop generation ${previous}: ${messageOf(err)}`);
    }
    this.logger.log(
      `projection ${this.name}: generation ${generation} is live at position ${cursor.checkpoint} after ${events} events in ${(done.elapsedMs / 1000).toFixed(1)} s (${done.eventsPerSecond} events/s); generation ${previous} dropped`,
    );
    return {
      generation,
      previousGeneration: previous,
      checkpoint: cursor.checkpoint,
      events,
      elapsedMs: done.elapsedMs,
      eventsPerSecond: done.eventsPerSecond,
    };
  }

  /**
   * Switches to the rebuilt generation if it is at least as far as the active one, so that a
   * reader never sees the projection go back. Returns the generation it replaced.
   */
  private async trySwitch(cursor: Cursor): Promise<number | undefined> {
    const previous = await this.options.sql.transaction(async (tx) => {
      const state = await this.registry.lock(tx);
      if (state.rebuildGeneration !== cursor.generation) {
        throw new Error(
          `projection ${this.name}: the rebuild of generation ${cursor.generation} was superseded by generation ${state.rebuildGeneration}`,
        );
      }
      if (state.checkpoint > cursor.checkpoint) return undefined;
      await this.generations.pointViews(tx, cursor.generation, state.version === this.projection.version);
      const status: ProjectionStatus = this.started || state.status === 'running' ? 'running' : 'stopped';
      await this.registry.switchTo(tx, {
        generation: cursor.generation,
        checkpoint: cursor.checkpoint,
        version: this.projection.version,
        status,
      });
      return state.generation;
    });
    if (previous !== undefined) {
      this.noteCommitted(cursor.checkpoint);
      // A live loop that had failed here follows the new generation (one still running resynchronises).
      if (this.started && !this.stopping) this.start();
    }
    return previous;
  }

  private async abandonRebuild(generation: number): Promise<void> {
    try {
      await this.generations.drop(generation);
      await this.registry.releaseRebuild(generation);
    } catch (err) {
      this.logger.error(
        `projection ${this.name}: could not clean up the abandoned generation ${generation}: ${messageOf(err)}`,
      );
    }
  }

  /**
   * Applies the log after `cursor.checkpoint` to the cursor's tables, one transaction per batch.
   * Returns true when `afterBatch` ended it, false when the projector stopped.
   */
  private async follow(cursor: Cursor, mode: FollowMode): Promise<boolean> {
    if (this.stopping) return false;
    const subscription = this.options.store.subscribeToAll({
      after: cursor.checkpoint,
      batchSize: mode.batch.maxEvents,
    });
    this.subscriptions.add(subscription);
    try {
      for await (const events of batches(subscription[Symbol.asyncIterator](), mode.batch)) {
        if (this.stopping) return false;
        const last = events.at(-1);
        if (last && mode.pipeline) {
          await mode.pipeline.submit(events);
        } else if (last) {
          await this.options.sql.transaction(async (tx) => {
            await mode.advance?.(tx, cursor, last.position);
            try {
              await this.projection.applyBatch(tx, cursor.tables, events);
            } catch (err) {
              throw new BatchFailed(spanOf(events), err);
            }
          });
          cursor.checkpoint = last.position;
        }
        if (await mode.afterBatch(cursor, events.length)) return true;
      }
      return false;
    } finally {
      // Stopped or failed: nothing may still be writing once the caller drops the tables.
      await mode.pipeline?.abandon();
      this.subscriptions.delete(subscription);
      await subscription.stop();
    }
  }

  private async fail(err: unknown): Promise<void> {
    const position = err instanceof BatchFailed ? err.position : null;
    const message = messageOf(err);
    const where = position === null ? '' : ` at position ${position}`;
    const checkpoint = this.liveCursor ? ` at checkpoint ${this.liveCursor.checkpoint}` : '';
    this.logger.error(
      `projection ${this.name} failed${where} and stays${checkpoint} until resume() or a restart: ${message}`,
    );
    try {
      await this.registry.recordFailure(message, position);
    } catch (recordErr) {
      this.logger.error(`projection ${this.name}: could not record the failure: ${messageOf(recordErr)}`);
    }
  }

  private cursor(generation: number, checkpoint: bigint): Cursor {
    return { generation, checkpoint, tables: this.generations.tables(generation) };
  }

  private noteCommitted(checkpoint: bigint): void {
    if (checkpoint <= this.committed) return;
    this.committed = checkpoint;
    for (const wake of this.commitWaiters) wake();
    this.commitWaiters.clear();
  }

  /** Resolves true at the next local commit, false after `ms`. */
  private nextCommit(ms: number): Promise<boolean> {
    return new Promise((resolve) => {
      const wake = () => {
        clearTimeout(timer);
        resolve(true);
      };
      const timer = setTimeout(() => {
        this.commitWaiters.delete(wake);
        resolve(false);
      }, ms);
      this.commitWaiters.add(wake);
    });
  }
}
