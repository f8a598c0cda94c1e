/**
 * The event-store port. Every adapter (PostgreSQL server, embedded PGlite, KurrentDB)
 * implements it, and `test/conformance` checks each one against the same suite.
 */

/** Optimistic concurrency: what the caller believes the stream's state to be. */
export type ExpectedRevision = 'any' | 'no_stream' | 'stream_exists' | number;

export type JsonObject = { [key: string]: unknown };

/** An event as the caller hands it to the store. */
export interface EventData {
  /** UUIDv7; re-appending the same ids is idempotent. */
  eventId: string;
  type: string;
  schemaVersion: number;
  data: JsonObject;
  metadata: JsonObject;
}

/** An event as the store gives it back. */
export interface RecordedEvent extends EventData {
  streamId: string;
  /** 0-based revision of the event within its stream. */
  revision: number;
  /**
   * Global position: strictly increasing in the order subscribers see events.
   * Sparse (gaps are normal) and may exceed 2^53, hence bigint.
   */
  position: bigint;
  /** When the store committed it. */
  createdAt: Date;
  /**
   * Lowercase hex of the event's link in its stream's hash chain, computed by the store at append time
   * (`eventHash` of @ledger/ledger-integrity: the canonical body chained onto the previous event's hash).
   */
  hash: string;
}

export interface AppendResult {
  /** Revision of the last event now in the stream. */
  nextRevision: number;
  /** Global position of the last event appended. */
  position: bigint;
}

export interface ReadStreamOptions {
  /** First revision to return (inclusive). Default 0. */
  fromRevision?: number;
  maxCount?: number;
}

export interface ReadAllOptions {
  /** Return events strictly after this position (a checkpoint). Default: from the start. */
  after?: bigint;
  maxCount?: number;
}

export interface SubscribeOptions {
  /** Resume strictly after this checkpoint. Default: from the start. */
  after?: bigint;
  /** Events fetched per catch-up read. */
  batchSize?: number;
}

/**
 * Catch-up then live: yields every event after the checkpoint exactly once, in global order.
 * Iteration ends after `stop()`; a store error ends it by throwing from the iterator.
 */
export interface EventSubscription extends AsyncIterable<RecordedEvent> {
  stop(): Promise<void>;
}

export interface EventStore {
  appendToStream(
    streamId: string,
    events: readonly EventData[],
    options?: { expectedRevision?: ExpectedRevision },
  ): Promise<AppendResult>;
  /** Events of one stream in revision order; an empty array when the stream does not exist. */
  readStream(streamId: string, options?: ReadStreamOptions): Promise<RecordedEvent[]>;
  /** The global log in subscriber order. */
  readAll(options?: ReadAllOptions): Promise<RecordedEvent[]>;
  subscribeToAll(options?: SubscribeOptions): EventSubscription;
  /** Position of the newest event a subscriber may already see (0n when empty). */
  headPosition(): Promise<bigint>;
  close(): Promise<void>;
}

export const EVENT_STORE = Symbol.for('ledger.EventStore');
