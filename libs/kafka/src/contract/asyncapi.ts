import {
  EVENT_STREAM_CATEGORY,
  STREAM_CATEGORIES,
  type LedgerEventType,
  type StreamCategory,
} from '@ledger/domain';
import {
  CLOUDEVENTS_SPEC_VERSION,
  cloudEventType,
  dataSchemaId,
  DEFAULT_CE_SOURCE,
  POSITION_HEADER,
} from '../cloud-events.js';
import { DEFAULT_TOPIC_SETTINGS } from '../relay.js';
import { LEDGER_TOPICS, PUBLISHED_EVENT_TYPES, type PublishedCategory } from '../topics.js';

/** A JSON Schema (draft-07, the dialect AsyncAPI schemas extend) as plain JSON. */
export type JsonSchema = { [keyword: string]: unknown };

/** The JSON Schema of one event type's `data` at the schema version this release writes. */
export interface EventDataSchema {
  readonly type: LedgerEventType;
  readonly schemaVersion: number;
  readonly schema: JsonSchema;
}

export interface AsyncApiReference {
  $ref: string;
}

export interface AsyncApiMessage {
  name: string;
  title: string;
  summary: string;
  contentType: string;
  correlationId: { description: string; location: string };
  headers: JsonSchema;
  payload: JsonSchema;
  bindings: { kafka: { key: JsonSchema; bindingVersion: string } };
}

export interface AsyncApiChannel {
  address: string;
  title: string;
  description: string;
  messages: Record<string, AsyncApiReference>;
  bindings: { kafka: Record<string, unknown> };
}

export interface AsyncApiOperation {
  action: 'send' | 'receive';
  title: string;
  summary: string;
  channel: AsyncApiReference;
  messages: AsyncApiReference[];
}

export interface AsyncApiDocument {
  asyncapi: '3.0.0';
  info: { title: string; version: string; description: string };
  defaultContentType: string;
  servers: Record<string, Record<string, unknown>>;
  channels: Record<string, AsyncApiChannel>;
  operations: Record<string, AsyncApiOperation>;
  components: { schemas: Record<string, JsonSchema>; messages: Record<string, AsyncApiMessage> };
}

export const ASYNCAPI_VERSION = '3.0.0';
export const KAFKA_BINDING_VERSION = '0.5.0';
const JSON_CONTENT_TYPE = 'application/json';
export const METADATA_SCHEMA_NAME = 'EventMetadata';
const POSITION_SCHEMA_NAME = 'Position';

const CHANNEL_TITLES: Readonly<Record<PublishedCategory, string>> = {
  [STREAM_CATEGORIES.jointOperation]: 'Joint operations',
  [STREAM_CATEGORIES.case]: 'Cases',
  [STREAM_CATEGORIES.deportation]: 'Deportations',
  [STREAM_CATEGORIES.rescueRequest]: 'Rescue requests',
  [STREAM_CATEGORIES.person]: 'Persons',
  [STREAM_CATEGORIES.agencyRegister]: 'Reference data: the agency register',
};

/** Name of the component schema of one event type's data. */
export const dataSchemaName = (type: string): string => `${type}Data`;

const ref = (pointer: string): AsyncApiReference => ({ $ref: pointer });

// The store's decimal form of a bigint position (see formatPosition).
const POSITION_SCHEMA: JsonSchema = {
  type: 'string',
  pattern: '^(0|[1-9][0-9]*)$',
  description:
    "Position of the event in the ledger's log, a decimal string as it may exceed 2^53. It increases along each stream; gaps are normal.",
};

const streamIdSchema = (category: StreamCategory, description: string): JsonSchema => ({
  type: 'string',
  pattern: `^${category}-.+`,
  description,
});

/** Only what `kafkaPayload` lets out: never the acting user, nor any envelope field added later. */
const METADATA_SCHEMA: JsonSchema = {
  type: 'object',
  description:
    "The envelope's public metadata. The acting user's id is personal data and stays in the ledger; consumers see the agency and the role.",
  additionalProperties: false,
  required: ['correlationId', 'causationId', 'occurredAt', 'recordedAt', 'actor'],
  properties: {
    correlationId: {
      type: 'string',
      minLength: 1,
      description: 'Shared by the events of one business transaction, across streams.',
    },
    causationId: { type: 'string', minLength: 1, description: 'The request that caused the event.' },
    occurredAt: { type: 'string', format: 'date-time', description: 'When the fact happened.' },
    recordedAt: { type: 'string', format: 'date-time', description: 'When the ledger recorded it.' },
    actor: {
      type: 'object',
      description: 'Who recorded the event.',
      additionalProperties: false,
      required: ['agencyId', 'role'],
      properties: {
        agencyId: { type: 'string', minLength: 1 },
        role: { type: 'string', minLength: 1, description: "The acting user's role in the ledger." },
      },
    },
  },
};

function payloadSchema({ type, schemaVersion }: EventDataSchema, category: StreamCategory): JsonSchema {
  return {
    type: 'object',
    additionalProperties: false,
    required: ['eventId', 'streamId', 'revision', 'position', 'type', 'schemaVersion', 'data', 'metadata'],
    properties: {
      eventId: { type: 'string', format: 'uuid', description: 'Also sent as ce_id.' },
      streamId: streamIdSchema(category, 'The stream of the aggregate; also the message key.'),
      revision: {
        type: 'integer',
        minimum: 0,
        description: '0-based revision of the event within its stream: consecutive per key.',
      },
      position: ref(`#/components/schemas/${POSITION_SCHEMA_NAME}`),
      type: { type: 'string', const: type },
      schemaVersion: { type: 'integer', const: schemaVersion },
      data: ref(`#/components/schemas/${dataSchemaName(type)}`),
      metadata: ref(`#/components/schemas/${METADATA_SCHEMA_NAME}`),
    },
  };
}

function headersSchema({ type, schemaVersion }: EventDataSchema, category: StreamCategory): JsonSchema {
  return {
    type: 'object',
    description:
      'CloudEvents 1.0 attributes in binary content mode (Kafka protocol binding), and the position.',
    additionalProperties: false,
    required: [
      'ce_specversion',
      'ce_id',
      'ce_source',
      'ce_type',
      'ce_subject',
      'ce_time',
      'ce_dataschema',
      'content-type',
      POSITION_HEADER,
    ],
    properties: {
      ce_specversion: { type: 'string', const: CLOUDEVENTS_SPEC_VERSION },
      ce_id: {
        type: 'string',
        format: 'uuid',
        description: 'The event id: a redelivery carries the same id, deduplicate on it.',
      },
      ce_source: {
        type: 'string',
        minLength: 1,
        description: 'The ledger that recorded the event.',
        examples: [DEFAULT_CE_SOURCE],
      },
      ce_type: { type: 'string', const: cloudEventType(type, schemaVersion) },
      ce_subject: streamIdSchema(category, 'The stream id.'),
      ce_time: { type: 'string', format: 'date-time', description: 'When the ledger recorded the event.' },
      ce_dataschema: {
        type: 'string',
        const: dataSchemaId(type, schemaVersion),
        description: 'The $id of the JSON Schema of `data`.',
      },
      'content-type': { type: 'string', const: JSON_CONTENT_TYPE },
      [POSITION_HEADER]: ref(`#/components/schemas/${POSITION_SCHEMA_NAME}`),
    },
  };
}

function message(event: EventDataSchema, category: StreamCategory): AsyncApiMessage {
  return {
    name: event.type,
    title: event.type,
    summary: `${event.type}, schema version ${event.schemaVersion}.`,
    contentType: JSON_CONTENT_TYPE,
    correlationId: {
      description: 'Shared by the events of one business transaction.',
      location: '$message.payload#/metadata/correlationId',
    },
    headers: headersSchema(event, category),
    payload: payloadSchema(event, category),
    bindings: {
      kafka: {
        key: streamIdSchema(
          category,
          'The stream id: every event of one aggregate goes to one partition, in revision order.',
        ),
        bindingVersion: KAFKA_BINDING_VERSION,
      },
    },
  };
}

const DESCRIPTION = `Every event the Coordination Ledger records, published to Kafka by its relay after the event is committed.

- One topic per stream category; the message key is the stream id, so the events of one aggregate keep their order on one partition.
- At least once: a redelivered event carries the same \`ce_id\` (the event id) and \`ledger-position\`; deduplicate on either.
- CloudEvents 1.0, Kafka protocol binding, binary content mode: the attributes travel as \`ce_\` headers, the value is the event as JSON.
- \`ce_dataschema\` is the \`$id\` of the JSON Schema of \`data\`, generated from the ledger's TypeScript event types.
- No personal data: persons appear as opaque ids, and the metadata names the acting agency and role, not the user.`;

/** The AsyncAPI document of the topics the relay publishes to, one message per event type. */
export function buildAsyncApiDocument(options: {
  /** Of the document, i.e. of the package that publishes. */
  version: string;
  dataSchemas: readonly EventDataSchema[];
}): AsyncApiDocument {
  const byType = new Map(options.dataSchemas.map((schema) => [schema.type, schema]));
  // PUBLISHED_EVENT_TYPES keeps LEDGER_EVENT_TYPES' order, so that a regeneration changes only what changed.
  const events = PUBLISHED_EVENT_TYPES.flatMap((type) => byType.get(type) ?? []);
  const schemas: Record<string, JsonSchema> = {
    [METADATA_SCHEMA_NAME]: METADATA_SCHEMA,
    [POSITION_SCHEMA_NAME]: POSITION_SCHEMA,
  };
  const messages: Record<string, AsyncApiMessage> = {};
  for (const event of events) {
    schemas[dataSchemaName(event.type)] = {
      $id: dataSchemaId(event.type, event.schemaVersion),
      title: `${event.type} v${event.schemaVersion}`,
      ...event.schema,
    };
    messages[event.type] = message(event, EVENT_STREAM_CATEGORY[event.type]);
  }

  const channels: Record<string, AsyncApiChannel> = {};
  const operations: Record<string, AsyncApiOperation> = {};
  for (const [category, topic] of Object.entries(LEDGER_TOPICS) as [PublishedCategory, string][]) {
    const types = events.filter((event) => EVENT_STREAM_CATEGORY[event.type] === category).map((e) => e.type);
    channels[category] = {
      address: topic,
      title: CHANNEL_TITLES[category],
      description: `The events of the \`${category}-<id>\` streams.`,
      messages: Object.fromEntries(types.map((type) => [type, ref(`#/components/messages/${type}`)])),
      bindings: {
        kafka: {
          topic,
          partitions: DEFAULT_TOPIC_SETTINGS.partitions,
          topicConfiguration: {
            'cleanup.policy': ['delete'],
            'retention.ms': DEFAULT_TOPIC_SETTINGS.retentionMs,
          },
          bindingVersion: KAFKA_BINDING_VERSION,
        },
      },
    };
    operations[`send-${category}`] = {
      action: 'send',
      title: `Publish the ${CHANNEL_TITLES[category].toLowerCase()}`,
      summary: `The relay publishes every event of the ${category} streams, in log order.`,
      channel: ref(`#/channels/${category}`),
      messages: types.map((type) => ref(`#/channels/${category}/messages/${type}`)),
    };
  }

  return {
    asyncapi: ASYNCAPI_VERSION,
    info: { title: 'Coordination Ledger events', version: options.version, description: DESCRIPTION },
    defaultContentType: JSON_CONTENT_TYPE,
    servers: {
      kafka: {
        host: '{bootstrap}',
        protocol: 'kafka',
        description: 'The Kafka cluster the relay publishes to (KAFKA_BROKERS).',
        variables: {
          bootstrap: { default: 'localhost:9092', description: 'A bootstrap broker, host:port.' },
        },
        bindings: { kafka: { bindingVersion: KAFKA_BINDING_VERSION } },
      },
    },
    channels,
    operations,
    components: { schemas, messages },
  };
}

/** The standalone JSON Schemas of one event type's message, for a validator such as ajv. */
export interface MessageSchemas {
  key: JsonSchema;
  headers: JsonSchema;
  payload: JsonSchema;
}

/** Undefined when the document has no message for `type`. The schemas hold no `$ref`. */
export function schemaFor(document: AsyncApiDocument, type: string): MessageSchemas | undefined {
  const found = Object.hasOwn(document.components.messages, type)
    ? document.components.messages[type]
    : undefined;
  if (!found) return undefined;
  const standalone = (schema: JsonSchema): JsonSchema => ({
    $schema: 'http://json-schema.org/draft-07/schema#',
    ...(resolveLocalRefs(schema, document) as JsonSchema),
  });
  return {
    key: standalone(found.bindings.kafka.key),
    headers: standalone(found.headers),
    payload: standalone(found.payload),
  };
}

/** Replaces every `{ $ref: '#/…' }` by a copy of what it points to in `document`. */
function resolveLocalRefs(node: unknown, document: unknown, seen: readonly string[] = []): unknown {
  if (Array.isArray(node)) return node.map((item) => resolveLocalRefs(item, document, seen));
  if (node === null || typeof node !== 'object') return node;
  const pointer = (node as { $ref?: unknown }).$ref;
  if (typeof pointer === 'string') {
    if (!pointer.startsWith('#/')) throw new Error(`cannot resolve ${pointer}: only local references are`);
    if (seen.includes(pointer)) throw new Error(`circular reference ${pointer}`);
    return resolveLocalRefs(resolvePointer(document, pointer), document, [...seen, pointer]);
  }
  return Object.fromEntries(
    Object.entries(node).map(([key, value]) => [key, resolveLocalRefs(value, document, seen)]),
  );
}

function resolvePointer(document: unknown, pointer: string): unknown {
  let target = document;
  for (const raw of pointer.slice(2).split('/')) {
    const key = raw.replaceAll('~1', '/').replaceAll('~0', '~');
    if (target === null || typeof target !== 'object' || !Object.hasOwn(target, key)) {
      throw new Error(`reference ${pointer} points to nothing`);
    }
    target = (target as Record<string, unknown>)[key];
  }
  return target;
}
