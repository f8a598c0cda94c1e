/**
 * The event-store port on KurrentDB (formerly EventStoreDB) through @kurrent/kurrentdb-client.
 * Kept thin: the decisions live in modules tested without a server (append-flow, envelope,
 * kurrent-errors, position-codec, read-all, resubscribing-subscription); this file only calls
 * the client and maps its shapes.
 */
import kurrent, {
  type AllStreamResolvedEvent,
  type Direction,
  type Filter,
  type KurrentDBClient,
  type ReadPosition,
  type ReadStreamOptions as KurrentReadStreamOptions,
  type ResolvedEvent,
} from '@kurrent/kurrentdb-client';
import { validateAppend } from '../append-rules.js';
import type {
  AppendResult,
  EventData,
  EventStore,
  EventSubscription,
  ExpectedRevision,
  ReadAllOptions,
  ReadStreamOptions,
  RecordedEvent,
  SubscribeOptions,
} from '../event-store.port.js';
import {
  appendWithLedgerRules,
  RecentAppends,
  type ChainedEventRef,
  type Conflict,
  type StreamOperations,
} from './append-flow.js';
import {
  assertStorableInKurrentDb,
  fromKurrentRecord,
  ledgerHashOf,
  StreamNamespace,
  toKurrentEvent,
  type KurrentRecord,
} from './envelope.js';
import {
  asWrongExpectedVersion,
  isTransientKurrentError,
  normalizeKurrentError,
  toCurrentRevision,
  toStreamState,
} from './kurrent-errors.js';
import { decodeKurrentPosition, encodeKurrentPosition } from './position-codec.js';
import { DEFAULT_PAGE, newestPosition, readAllAfter, type AllEntry } from './read-all.js';
import {
  ResubscribingSubscription,
  type LiveSource,
  type ResubscribeInfo,
} from './resubscribing-subscription.js';

const {
  KurrentDBClient: Client,
  BACKWARDS,
  END,
  ErrorType,
  FORWARDS,
  START,
  excludeSystemEvents,
  streamNameFilter,
} = kurrent;

/**
 * The same bound as the PostgreSQL store, so both refuse the same input up front. KurrentDB's
 * own limit is in bytes (MaxAppendSize, 1 MiB by default) and comes back as its own error.
 */
export const MAX_EVENTS_PER_APPEND = 2 ** 20 - 1;

export interface KurrentDbEventStoreOptions {
  /**
   * Keeps the ledger's streams apart in a shared KurrentDB: stream `s` is stored as
   * `${streamPrefix}s`, and readAll, subscriptions and headPosition see only streams with the
   * prefix (a server-side filter). Default '': every non-system stream is the ledger's.
   */
  streamPrefix?: string;
  /** Pause before resubscribing after a dropped subscription; doubles up to maxDelayMs. */
  resubscribe?: { minDelayMs?: number; maxDelayMs?: number };
  /** Told about every resubscription, e.g. to log it. */
  onResubscribe?: (info: ResubscribeInfo) => void;
}

/** An $all read result with what the ledger needs to decide on it. */
interface AllRecord extends AllEntry {
  record: KurrentRecord;
}

/**
 * Connects to KurrentDB (a kurrentdb://, kurrentdb+discover://, esdb:// … connection string).
 * The store owns that client: close() disposes it.
 */
export function createKurrentDbEventStore(
  connectionString: string,
  options: KurrentDbEventStoreOptions = {},
): KurrentDbEventStore {
  return new KurrentDbEventStore(Client.connectionString(connectionString), options, { ownsClient: true });
}

export class KurrentDbEventStore implements EventStore {
  private readonly streams: StreamNamespace;
  private readonly filter: Filter;
  private readonly subscriptions = new Set<ResubscribingSubscription<RecordedEvent>>();
  private readonly ownsClient: boolean;
  /** So that a retried any / stream_exists append is recognised (see append-flow.ts). */
  private readonly recentAppends = new RecentAppends();
  private closed = false;

  /** A client passed in stays the caller's: close() leaves it open. */
  constructor(
    private readonly client: KurrentDBClient,
    private readonly options: KurrentDbEventStoreOptions = {},
    ownership: { ownsClient?: boolean } = {},
  ) {
    this.streams = new StreamNamespace(options.streamPrefix ?? '');
    // One server-side filter per read: by stream name when there is a prefix (system streams
    // start with $, so they are out too), else by event type. `owns` checks the other half.
    this.filter = this.streams.prefix
      ? streamNameFilter({ prefixes: [this.streams.prefix] })
      : excludeSystemEvents();
    this.ownsClient = ownership.ownsClient ?? false;
  }

  async appendToStream(
    streamId: string,
    events: readonly EventData[],
    options: { expectedRevision?: ExpectedRevision } = {},
  ): Promise<AppendResult> {
    this.assertOpen();
    const expected = options.expectedRevision ?? 'any';
    validateAppend(streamId, events, expected, MAX_EVENTS_PER_APPEND);
    assertStorableInKurrentDb(streamId, events);
    return appendWithLedgerRules(this.streamOperations(streamId), streamId, events, expected, {
      recent: this.recentAppends,
    });
  }

  async readStream(streamId: string, options: ReadStreamOptions = {}): Promise<RecordedEvent[]> {
    this.assertOpen();
    const fromRevision = options.fromRevision ?? 0;
    assertCount('fromRevision', fromRevision);
    if (options.maxCount !== undefined) assertCount('maxCount', options.maxCount);
    if (options.maxCount === 0) return [];
    const records = await this.readStreamRecords(this.streams.toKurrent(streamId), {
      fromRevision: BigInt(fromRevision),
      direction: FORWARDS,
      ...(options.maxCount === undefined ? {} : { maxCount: options.maxCount }),
    });
    return records.map((record) => fromKurrentRecord(record, streamId));
  }

  async readAll(options: ReadAllOptions = {}): Promise<RecordedEvent[]> {
    this.assertOpen();
    if (options.maxCount !== undefined) assertCount('maxCount', options.maxCount);
    const entries = await readAllAfter(
      (from, maxCount) =>
        this.readAllPage(FORWARDS, from === undefined ? START : decodeKurrentPosition(from), maxCount),
      (entry) => this.streams.owns(entry.record),
      { ...options, pageSize: DEFAULT_PAGE },
    );
    return entries.map((entry) => this.toRecorded(entry.record));
  }

  subscribeToAll(options: SubscribeOptions = {}): EventSubscription {
    this.assertOpen();
    // KurrentDB pushes catch-up and live events itself; batchSize has nothing to size here.
    if (options.batchSize !== undefined && (!Number.isInteger(options.batchSize) || options.batchSize < 1)) {
      throw new RangeError(`batchSize must be a positive integer, got ${options.batchSize}`);
    }
    const subscription: ResubscribingSubscription<RecordedEvent> = new ResubscribingSubscription(
      (after) => this.openSubscription(after),
      {
        ...(options.after === undefined ? {} : { after: options.after }),
        isTransient: isTransientKurrentError,
        ...this.options.resubscribe,
        ...(this.options.onResubscribe ? { onResubscribe: this.options.onResubscribe } : {}),
      },
      (ended) => this.subscriptions.delete(ended),
    );
    this.subscriptions.add(subscription);
    return subscription;
  }

  async headPosition(): Promise<bigint> {
    this.assertOpen();
    return newestPosition(
      (before, maxCount) =>
        this.readAllPage(BACKWARDS, before === undefined ? END : decodeKurrentPosition(before), maxCount),
      (entry) => this.streams.owns(entry.record),
    );
  }

  /** Stops this store's subscriptions, and disposes the client if the store created it. */
  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    await Promise.all([...this.subscriptions].map((s) => s.stop()));
    if (this.ownsClient) await this.client.dispose();
  }

  private streamOperations(streamId: string): StreamOperations {
    const name = this.streams.toKurrent(streamId);
    // Refs name the ledger's stream: resolveReappend compares them with the append's.
    const refs = async (options: KurrentReadStreamOptions) =>
      (await this.readStreamRecords(name, options)).map((record) => toRef(record, streamId));
    return {
      append: async (events, expected): Promise<AppendResult | Conflict> => {
        try {
          const result = await this.client.appendToStream(
            name,
            events.map(({ event, hash }) => toKurrentEvent(event, hash)),
            { streamState: toStreamState(expected) },
          );
          const nextRevision = Number(result.nextExpectedRevision);
          if (!result.success) {
            // Only with throwOnAppendFailure=false in the connection string; the client's
            // revision is unreliable then, so ask the stream.
            const [last] = await refs({ direction: BACKWARDS, fromRevision: END, maxCount: 1 });
            return { conflict: last ? last.revision : 'no_stream' };
          }
          if (result.position) return { nextRevision, position: encodeKurrentPosition(result.position) };
          // The server may leave the position out; the event at that revision has it.
          const [last] = await refs({ direction: FORWARDS, fromRevision: BigInt(nextRevision), maxCount: 1 });
          if (!last)
            throw new Error(`append to ${name} reported revision ${nextRevision}, which cannot be read`);
          return { nextRevision, position: last.position };
        } catch (error) {
          const conflict = asWrongExpectedVersion(error);
          if (conflict) return { conflict: toCurrentRevision(conflict.actualState) };
          throw normalizeKurrentError(error);
        }
      },
      readBackward: (from, maxCount) =>
        refs({ direction: BACKWARDS, fromRevision: from === undefined ? END : BigInt(from), maxCount }),
    };
  }

  /** A stream's events; none when it does not exist or was deleted. */
  private async readStreamRecords(name: string, options: KurrentReadStreamOptions): Promise<KurrentRecord[]> {
    const records: KurrentRecord[] = [];
    try {
      for await (const resolved of this.client.readStream(name, options)) {
        records.push(eventOf(resolved, name));
      }
    } catch (error) {
      const type = (error as { type?: unknown }).type;
      if (type === ErrorType.STREAM_NOT_FOUND || type === ErrorType.STREAM_DELETED) return [];
      throw error;
    }
    return records;
  }

  private async readAllPage(
    direction: Direction,
    fromPosition: ReadPosition,
    maxCount: number,
  ): Promise<AllRecord[]> {
    const page: AllRecord[] = [];
    for await (const resolved of this.client.readAll({
      direction,
      fromPosition,
      maxCount,
      filter: this.filter,
    })) {
      const record = eventOf(resolved, '$all');
      page.push({ position: encodeKurrentPosition(positionOf(record)), record });
    }
    return page;
  }

  private openSubscription(after: bigint | undefined): LiveSource<RecordedEvent> {
    const subscription = this.client.subscribeToAll({
      fromPosition: after === undefined ? START : decodeKurrentPosition(after),
      filter: this.filter,
    });
    const iterator = subscription[Symbol.asyncIterator]();
    return {
      next: async () => {
        for (;;) {
          const result = await iterator.next();
          if (result.done) return { done: true, value: undefined };
          const record = eventOf(result.value, '$all');
          if (this.streams.owns(record)) return { done: false, value: this.toRecorded(record) };
        }
      },
      close: async () => {
        // Nobody listens any more: a late error of the cancelled call must not go unhandled.
        subscription.on('error', () => undefined);
        try {
          await subscription.unsubscribe();
        } finally {
          subscription.destroy();
        }
      },
    };
  }

  private toRecorded(record: KurrentRecord): RecordedEvent {
    return fromKurrentRecord(record, this.streams.fromKurrent(record.streamId)!);
  }

  private assertOpen(): void {
    if (this.closed) throw new Error('the event store is closed');
  }
}

/** Link resolution is off, so every entry carries its event. */
function eventOf(resolved: ResolvedEvent | AllStreamResolvedEvent, where: string): KurrentRecord {
  if (!resolved.event) throw new Error(`KurrentDB returned an entry of ${where} without an event`);
  return resolved.event;
}

function positionOf(record: KurrentRecord) {
  if (!record.position) throw new Error(`KurrentDB gave event ${record.id} no position`);
  return record.position;
}

function toRef(record: KurrentRecord, streamId: string): ChainedEventRef {
  return {
    eventId: record.id,
    streamId,
    revision: Number(record.revision),
    position: encodeKurrentPosition(positionOf(record)),
    hash: ledgerHashOf(record),
  };
}

function assertCount(name: string, value: number): void {
  if (!Number.isSafeInteger(value) || value < 0) {
    throw new RangeError(`${name} must be an integer >= 0, got ${value}`);
  }
}
