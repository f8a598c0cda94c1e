import { type BeforeApplicationShutdown, Logger } from '@nestjs/common';
import { v7 as uuidv7 } from 'uuid';
import { type AccessLogged, STREAM_CATEGORIES, streamIdFor } from '@ledger/domain';
import type { EventData, EventStore, JsonObject } from '@ledger/event-store';
import { messageOf } from '@ledger/sql';
import { AccessLog, type AccessLogEntry } from './access-log.js';
import { currentRequest, OUTSIDE_A_REQUEST } from './request-context.js';

export interface LedgerAccessLogOptions {
  /** Longest wait between an entry and its append. */
  flushIntervalMs: number;
  /** Entries per append; a full batch goes out at once. */
  batchSize: number;
  /** Entries held while the store does not answer; beyond it entries are counted and dropped. */
  maxBuffered: number;
  /** Backoff between failed appends: doubles from the first delay up to the longest. */
  retryFirstDelayMs: number;
  retryMaxDelayMs: number;
  /** How long shutdown waits for the buffered entries to be appended. */
  shutdownDeadlineMs: number;
}

export const ACCESS_LOG_DEFAULTS: LedgerAccessLogOptions = {
  flushIntervalMs: 200,
  batchSize: 100,
  maxBuffered: 10_000,
  retryFirstDelayMs: 200,
  retryMaxDelayMs: 10_000,
  shutdownDeadlineMs: 5_000,
};

/** During shutdown a failed append is tried again soon: the deadline is near. */
const SHUTDOWN_RETRY_DELAY_MS = 250;
const MAX_PERMISSION = 200;
const MAX_REASON = 500;

interface Buffered {
  /** Order of recording: `flush` waits for a sequence number. */
  seq: number;
  streamId: string;
  event: EventData & { metadata: JsonObject };
}

/**
 * The access log kept in the ledger: each entry becomes an `AccessLogged` event in the stream of its UTC day
 * (`access-<YYYY-MM-DD>`), appended with `expectedRevision: 'any'`, so it is hash-chained and in the Merkle log
 * like every other record.
 *
 * `record` only buffers (the request never waits for, nor fails because of, its log entry); a flush appends the
 * buffer in batches every `flushIntervalMs`, or at once when a batch is full. While the store fails the flush
 * retries with backoff, keeping at most `maxBuffered` entries: the ones beyond are counted, and each flush
 * attempt logs how many were dropped. Shutdown appends what is buffered before the store closes.
 */
export class LedgerAccessLog extends AccessLog implements BeforeApplicationShutdown {
  private readonly logger = new Logger('AccessLog');
  private readonly options: LedgerAccessLogOptions;
  private readonly buffer: Buffered[] = [];
  private recorded = 0;
  /** Every entry up to this sequence number is appended (or given up at shutdown). */
  private settled = 0;
  private dropped = 0;
  private waiters: { seq: number; resolve: () => void }[] = [];
  private timer: NodeJS.Timeout | undefined;
  private draining: Promise<void> | undefined;
  /** Ends a backoff early (shutdown). */
  private wake: (() => void) | undefined;
  private closing = false;
  private closed = false;
  private abandoned = false;

  constructor(
    private readonly store: EventStore,
    options: Partial<LedgerAccessLogOptions> = {},
    private readonly now: () => Date = () => new Date(),
  ) {
    super();
    this.options = { ...ACCESS_LOG_DEFAULTS, ...options };
  }

  record(entry: AccessLogEntry): void {
    try {
      if (this.closed) {
        this.logger.error(`an access-log entry (${entry.outcome}) came after shutdown and was not appended`);
        return;
      }
      if (this.buffer.length >= this.options.maxBuffered) {
        this.dropped += 1;
        return;
      }
      const event = this.toEvent(entry);
      this.buffer.push({ seq: ++this.recorded, ...event });
      this.schedule();
    } catch (error) {
      // The request goes on whatever happens to its log entry.
      try {
        this.logger.error(`could not record an access-log entry: ${messageOf(error)}`);
      } catch {
        // nothing left to do
      }
    }
  }

  /** Entries waiting to be appended. */
  get pending(): number {
    return this.buffer.length;
  }

  /**
   * Resolves once every entry recorded before the call is appended (or, at shutdown, given up). While the store
   * fails this waits for it: callers that must answer bound the wait themselves.
   */
  flush(): Promise<void> {
    const target = this.recorded;
    if (this.settled >= target) return Promise.resolve();
    const done = new Promise<void>((resolve) => this.waiters.push({ seq: target, resolve }));
    this.startDrain();
    return done;
  }

  /** `flush`, waiting at most `ms`: true when every entry recorded before the call is appended. */
  async flushWithin(ms: number): Promise<boolean> {
    let timer: NodeJS.Timeout | undefined;
    const late = new Promise<false>((resolve) => {
      timer = setTimeout(() => resolve(false), ms);
    });
    const done = await Promise.race([this.flush().then(() => true as const), late]);
    clearTimeout(timer);
    return done;
  }

  async beforeApplicationShutdown(): Promise<void> {
    this.closing = true;
    this.wake?.();
    const done = await this.flushWithin(this.options.shutdownDeadlineMs);
    this.closed = true;
    if (!done || this.buffer.length > 0) {
      this.abandoned = true;
      this.wake?.();
      const lost = this.buffer.length;
      this.buffer.length = 0;
      this.settle(this.recorded);
      this.logger.error(
        `${lost} access-log entries could not be appended within ${this.options.shutdownDeadlineMs} ms of shutdown`,
      );
    }
    this.reportDropped();
  }

  private toEvent(entry: AccessLogEntry): Omit<Buffered, 'seq'> {
    const at = this.now();
    const occurredAt = at.toISOString();
    const request = currentRequest();
    const { method, resource, address } = request ?? OUTSIDE_A_REQUEST;
    const requestId = request?.requestId ?? uuidv7();
    const actor = entry.actor && {
      userId: entry.actor.userId,
      agencyId: entry.actor.agencyId,
      role: entry.actor.role,
    };
    const data: AccessLogged['data'] = {
      occurredAt,
      outcome: entry.outcome,
      ...(actor ? { actor } : {}),
      address,
      method,
      resource,
      ...(entry.permission !== undefined ? { permission: clip(entry.permission, MAX_PERMISSION) } : {}),
      reason: clip(entry.reason, MAX_REASON),
    };
    const type: AccessLogged['type'] = 'AccessLogged';
    return {
      streamId: streamIdFor(STREAM_CATEGORIES.accessLog, occurredAt.slice(0, 10)),
      event: {
        eventId: uuidv7(),
        type,
        schemaVersion: 1,
        data: data as JsonObject,
        // The envelope of every other event (see shared/aggregate-repository.ts); `recordedAt` is set when the
        // entry is first handed to the store, and no actor when the caller never proved who they are.
        metadata: {
          correlationId: request?.correlationId ?? requestId,
          causationId: requestId,
          ...(actor ? { actor: { ...actor } } : {}),
          occurredAt,
        },
      },
    };
  }

  private schedule(): void {
    if (this.draining) return; // the running flush takes what comes in meanwhile
    if (this.buffer.length >= this.options.batchSize) {
      this.startDrain();
      return;
    }
    if (this.timer) return;
    this.timer = setTimeout(() => {
      this.timer = undefined;
      this.startDrain();
    }, this.options.flushIntervalMs);
    this.timer.unref();
  }

  private startDrain(): void {
    if (this.timer) {
      clearTimeout(this.timer);
      this.timer = undefined;
    }
    if (this.draining) return;
    this.draining = this.drain().finally(() => {
      this.draining = undefined;
      if (this.buffer.length > 0 && !this.abandoned) this.schedule();
    });
  }

  private async drain(): Promise<void> {
    let failures = 0;
    while (this.buffer.length > 0 && !this.abandoned) {
      const batch = this.nextBatch();
      try {
        const recordedAt = this.now().toISOString();
        for (const { event } of batch) event.metadata.recordedAt ??= recordedAt;
        await this.store.appendToStream(
          batch[0]!.streamId,
          batch.map(({ event }) => event),
          { expectedRevision: 'any' },
        );
        // Only the drain takes from the head of the buffer; it is unchanged unless shutdown gave up on it.
        if (!this.abandoned) this.buffer.splice(0, batch.length);
        this.settle(batch.at(-1)!.seq);
        if (failures > 0) this.logger.log(`appending again after ${failures} failed attempts`);
        failures = 0;
        this.reportDropped();
      } catch (error) {
        failures += 1;
        this.reportDropped();
        // Re-sending the same event ids is idempotent: an append that committed but did not answer is not doubled.
        const delay = this.closing
          ? SHUTDOWN_RETRY_DELAY_MS
          : Math.min(this.options.retryFirstDelayMs * 2 ** (failures - 1), this.options.retryMaxDelayMs);
        this.logger.error(
          `could not append ${this.buffer.length} access-log entries (attempt ${failures}): ${messageOf(error)}; ` +
            `trying again in ${delay} ms`,
        );
        await this.sleep(delay);
      }
    }
  }

  /** The oldest entries of one day's stream, at most a batch. */
  private nextBatch(): Buffered[] {
    const streamId = this.buffer[0]!.streamId;
    let end = 1;
    while (
      end < this.buffer.length &&
      end < this.options.batchSize &&
      this.buffer[end]!.streamId === streamId
    ) {
      end += 1;
    }
    return this.buffer.slice(0, end);
  }

  private settle(seq: number): void {
    this.settled = Math.max(this.settled, seq);
    const waiting = this.waiters;
    this.waiters = [];
    for (const waiter of waiting) {
      if (waiter.seq <= this.settled) waiter.resolve();
      else this.waiters.push(waiter);
    }
  }

  private reportDropped(): void {
    if (this.dropped === 0) return;
    this.logger.error(
      `${this.dropped} access-log entries were dropped: the store did not take them and the buffer holds at most ` +
        `${this.options.maxBuffered}`,
    );
    this.dropped = 0;
  }

  private async sleep(ms: number): Promise<void> {
    await new Promise<void>((resolve) => {
      const timer = setTimeout(() => this.wake?.(), ms);
      timer.unref();
      this.wake = () => {
        clearTimeout(timer);
        this.wake = undefined;
        resolve();
      };
    });
  }
}

const clip = (text: string, max: number): string => (text.length > max ? `${text.slice(0, max)}…` : text);
