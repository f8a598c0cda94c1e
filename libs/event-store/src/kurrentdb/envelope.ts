/**
 * The ledger's envelope on KurrentDB events, and the ledger's streams among KurrentDB's.
 *
 * eventId, type and data map onto KurrentDB's own fields (data as JSON). KurrentDB has no place
 * for a schema version or the event's hash-chain link, so they travel in the JSON metadata under
 * SCHEMA_VERSION_KEY and LEDGER_HASH_KEY and are taken out again on read: the caller's metadata
 * round-trips exactly, and the hash (which covers the caller's metadata, not these keys) becomes
 * RecordedEvent.hash. `$`-prefixed metadata keys are KurrentDB's convention for system-defined
 * entries ($correlationId, $causationId, …).
 *
 * `$`-prefixed streams and event types are KurrentDB's system events; $all reads and
 * subscriptions skip them, so the ledger refuses to write them: they would be stored but never
 * delivered to a subscriber.
 */
import type { EventData, JsonObject, RecordedEvent } from '../event-store.port.js';
import { encodeKurrentPosition, type KurrentPosition } from './position-codec.js';

export const SCHEMA_VERSION_KEY = '$schemaVersion';
export const LEDGER_HASH_KEY = '$ledgerHash';

const RESERVED_METADATA_KEYS = [SCHEMA_VERSION_KEY, LEDGER_HASH_KEY] as const;
/** A chain hash as the ledger writes it: SHA-256 in lowercase hex. */
const HASH_HEX = /^[0-9a-f]{64}$/;

/** What the client's appendToStream takes for one JSON event (its JSONEventData). */
export interface KurrentEventData {
  id: string;
  contentType: 'application/json';
  type: string;
  data: JsonObject;
  metadata: JsonObject;
}

/** The fields of the client's RecordedEvent the ledger reads. */
export interface KurrentRecord {
  streamId: string;
  id: string;
  revision: bigint;
  type: string;
  created: Date;
  isJson: boolean;
  data: unknown;
  metadata: unknown;
  position?: KurrentPosition;
}

/** An event of the KurrentDB log that is not one of the ledger's and cannot be read as one. */
export class NotALedgerEventError extends Error {
  override readonly name = 'NotALedgerEventError';
  constructor(record: Pick<KurrentRecord, 'id' | 'streamId'>, reason: string) {
    super(`KurrentDB event ${record.id} in stream ${record.streamId} is not a ledger event: ${reason}`);
  }
}

export function isSystemName(name: string): boolean {
  return name.startsWith('$');
}

/**
 * Refuses what KurrentDB would store but not give back the same way. Runs after
 * validateAppend, so the shapes are already checked.
 */
export function assertStorableInKurrentDb(streamId: string, events: readonly EventData[]): void {
  if (isSystemName(streamId)) {
    throw new TypeError(`stream ${streamId}: names starting with $ are KurrentDB system streams`);
  }
  for (const event of events) {
    if (isSystemName(event.type)) {
      throw new TypeError(`event ${event.eventId}: types starting with $ are KurrentDB system events`);
    }
    for (const key of RESERVED_METADATA_KEYS) {
      if (Object.hasOwn(event.metadata, key)) {
        throw new TypeError(`event ${event.eventId}: metadata key ${key} is reserved`);
      }
    }
  }
}

/** `hash` is the event's link in its stream's chain (see append-flow.ts). */
export function toKurrentEvent(event: EventData, hash: string): KurrentEventData {
  if (!HASH_HEX.test(hash)) throw new TypeError(`event ${event.eventId}: ${hash} is not a chain hash`);
  return {
    id: event.eventId,
    contentType: 'application/json',
    type: event.type,
    data: event.data,
    metadata: { ...event.metadata, [SCHEMA_VERSION_KEY]: event.schemaVersion, [LEDGER_HASH_KEY]: hash },
  };
}

/** The chain hash the ledger stored with a record; NotALedgerEventError when there is none. */
export function ledgerHashOf(record: Pick<KurrentRecord, 'id' | 'streamId' | 'metadata'>): string {
  const hash = isJsonObject(record.metadata) ? record.metadata[LEDGER_HASH_KEY] : undefined;
  if (typeof hash !== 'string' || !HASH_HEX.test(hash)) {
    throw new NotALedgerEventError(record, `its metadata has no well-formed ${LEDGER_HASH_KEY}`);
  }
  return hash;
}

/** `streamId` is the ledger's name of the stream (without any prefix the store adds). */
export function fromKurrentRecord(record: KurrentRecord, streamId: string): RecordedEvent {
  if (!record.isJson || !isJsonObject(record.data)) {
    throw new NotALedgerEventError(record, 'its data is not a JSON object');
  }
  if (!isJsonObject(record.metadata)) {
    throw new NotALedgerEventError(record, 'its metadata is not a JSON object');
  }
  const { [SCHEMA_VERSION_KEY]: schemaVersion, [LEDGER_HASH_KEY]: _hash, ...metadata } = record.metadata;
  if (typeof schemaVersion !== 'number' || !Number.isInteger(schemaVersion) || schemaVersion < 0) {
    throw new NotALedgerEventError(record, `its metadata has no ${SCHEMA_VERSION_KEY}`);
  }
  const hash = ledgerHashOf(record);
  if (!record.position) {
    throw new NotALedgerEventError(record, 'the server gave no position (KurrentDB before 22.6?)');
  }
  return {
    eventId: record.id,
    type: record.type,
    schemaVersion,
    data: record.data,
    metadata,
    streamId,
    revision: Number(record.revision),
    position: encodeKurrentPosition(record.position),
    createdAt: record.created,
    hash,
  };
}

function isJsonObject(value: unknown): value is JsonObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value) && !ArrayBuffer.isView(value);
}

/**
 * The ledger's streams in a shared KurrentDB: stream `s` is stored as `${prefix}s`. With the
 * empty prefix the ledger owns every non-system stream.
 */
export class StreamNamespace {
  constructor(readonly prefix: string = '') {
    if (isSystemName(prefix)) throw new TypeError(`a stream prefix must not start with $, got ${prefix}`);
  }

  toKurrent(streamId: string): string {
    return this.prefix + streamId;
  }

  /** The ledger's name of a KurrentDB stream, or undefined when it is not one of the ledger's. */
  fromKurrent(name: string): string | undefined {
    if (isSystemName(name) || !name.startsWith(this.prefix)) return undefined;
    return name.slice(this.prefix.length);
  }

  /** Whether a record read from $all is one of the ledger's events (system events never are). */
  owns(record: Pick<KurrentRecord, 'streamId' | 'type'>): boolean {
    return !isSystemName(record.type) && this.fromKurrent(record.streamId) !== undefined;
  }
}
