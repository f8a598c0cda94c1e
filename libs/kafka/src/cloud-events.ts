import { upcast } from '@ledger/domain';
import { formatPosition, type PublicEvent, type RecordedEvent } from '@ledger/event-store';
import { topicFor } from './topics.js';

/** CloudEvents 1.0, Kafka protocol binding, binary content mode: attributes travel as `ce_` headers. */
export const CLOUDEVENTS_SPEC_VERSION = '1.0';
/** Prefix of every `ce_type`, reverse-DNS as CloudEvents recommends. */
export const CE_TYPE_PREFIX = 'org.coordination-ledger.';
export const DEFAULT_CE_SOURCE = '/coordination-ledger';
export const POSITION_HEADER = 'ledger-position';

/** `RaidConducted` at schema version 1 → `org.coordination-ledger.RaidConducted.v1`. */
export const cloudEventType = (type: string, schemaVersion: number): string =>
  `${CE_TYPE_PREFIX}${type}.v${schemaVersion}`;

/** The `$id` of the JSON Schema of one event type at one version, also sent as `ce_dataschema`. */
export const dataSchemaId = (type: string, schemaVersion: number): string =>
  `urn:coordination-ledger:schema:${type}:v${schemaVersion}`;

export interface LedgerKafkaMessage {
  topic: string;
  /** The stream id: every event of one aggregate lands on one partition, in order. */
  key: string;
  value: string;
  headers: Record<string, string>;
  /** Epoch milliseconds of the store's commit. */
  timestamp: string;
}

/**
 * Metadata that leaves the ledger. An allow-list, so that a field added to the envelope later
 * stays inside until someone decides it may go out: the acting officer's user id is personal
 * data and stays in the ledger; consumers see the agency and the role.
 */
function publicMetadata(metadata: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const key of ['correlationId', 'causationId', 'occurredAt', 'recordedAt'] as const) {
    if (metadata[key] !== undefined) out[key] = metadata[key];
  }
  const actor = metadata.actor;
  if (actor && typeof actor === 'object') {
    const { agencyId, role } = actor as Record<string, unknown>;
    out.actor = { agencyId, role };
  }
  return out;
}

/**
 * The message value: the event's public JSON, with only public metadata, lifted to the latest
 * schema version of its type, which is the one the contract (asyncapi.yaml) describes. Throws
 * UnreadableEventError for a type or version this release does not know.
 */
export function kafkaPayload(event: RecordedEvent): PublicEvent {
  const latest = upcast(event);
  return {
    eventId: event.eventId,
    streamId: event.streamId,
    revision: event.revision,
    position: formatPosition(event.position),
    type: latest.type,
    schemaVersion: latest.schemaVersion,
    data: latest.data,
    metadata: publicMetadata(event.metadata),
  };
}

/** `topic`, when the caller already routed the stream (the relay does), spares a second parse of its id. */
export function toKafkaMessage(
  event: RecordedEvent,
  source: string = DEFAULT_CE_SOURCE,
  topic: string = topicFor(event.streamId),
): LedgerKafkaMessage {
  const payload = kafkaPayload(event);
  const recordedAt = event.metadata.recordedAt;
  const time = typeof recordedAt === 'string' ? recordedAt : event.createdAt.toISOString();
  return {
    topic,
    key: event.streamId,
    value: JSON.stringify(payload),
    headers: {
      ce_specversion: CLOUDEVENTS_SPEC_VERSION,
      ce_id: event.eventId,
      ce_source: source,
      ce_type: cloudEventType(payload.type, payload.schemaVersion),
      ce_subject: event.streamId,
      ce_time: time,
      ce_dataschema: dataSchemaId(payload.type, payload.schemaVersion),
      'content-type': 'application/json',
      [POSITION_HEADER]: formatPosition(event.position),
    },
    timestamp: String(event.createdAt.getTime()),
  };
}

/** What a consumer needs from one message: the CloudEvents attributes and the event. */
export interface ReceivedLedgerEvent {
  /** Deduplicate on this: a redelivery carries the same id. */
  id: string;
  type: string;
  source: string;
  subject: string;
  time: string;
  position: bigint;
  event: PublicEvent;
}

type HeaderValue = Buffer | string | (Buffer | string)[] | undefined;

function header(headers: Record<string, HeaderValue> | undefined, name: string): string {
  const raw = headers?.[name];
  const value = Array.isArray(raw) ? raw[0] : raw;
  if (value === undefined) throw new TypeError(`message has no ${name} header`);
  return value.toString();
}

/** Reads a message the relay published (as kafkajs hands it to a consumer). */
export function parseLedgerMessage(message: {
  value: Buffer | string | null;
  headers?: Record<string, HeaderValue>;
}): ReceivedLedgerEvent {
  if (message.value === null) throw new TypeError('message has no value');
  const specVersion = header(message.headers, 'ce_specversion');
  if (specVersion !== CLOUDEVENTS_SPEC_VERSION)
    throw new TypeError(`unsupported CloudEvents spec version ${specVersion}`);
  return {
    id: header(message.headers, 'ce_id'),
    type: header(message.headers, 'ce_type'),
    source: header(message.headers, 'ce_source'),
    subject: header(message.headers, 'ce_subject'),
    time: header(message.headers, 'ce_time'),
    position: BigInt(header(message.headers, POSITION_HEADER)),
    event: JSON.parse(message.value.toString()) as PublicEvent,
  };
}
