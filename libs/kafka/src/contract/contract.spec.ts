import { beforeAll, describe, expect, it } from '@jest/globals';
import { readFileSync } from 'node:fs';
import {
  EVENT_STREAM_CATEGORY,
  LATEST_SCHEMA_VERSIONS,
  LEDGER_EVENT_TYPES,
  type Actor,
  type LedgerEventType,
} from '@ledger/domain';
import { september2022Streams } from '@ledger/domain/fixtures';
import { withChainHashes, type RecordedEvent } from '@ledger/event-store';
import { syntheticEventData, syntheticOperation, type SyntheticAppend } from '@ledger/read-models/fixtures';
import { Ajv, type ValidateFunction } from 'ajv';
import { dataSchemaId, toKafkaMessage, type LedgerKafkaMessage } from '../cloud-events.js';
import { LEDGER_TOPICS, PUBLISHED_EVENT_TYPES, type PublishedCategory } from '../topics.js';
import { dataSchemaName, schemaFor, type AsyncApiDocument, type JsonSchema } from './asyncapi.js';
import { CONTRACT_PATH, loadContract } from './contract-file.js';
import { generateContract, renderContract } from './generate-contract.js';

/** Enough synthetic operations (seeded, so always the same) for every event type to occur. */
const SYNTHETIC_OPERATIONS = 50;

/** The fixture histories as a store hands them out, with positions beyond 2^53. */
function fixtureEvents(): RecordedEvent[] {
  const appends: SyntheticAppend[] = [];
  for (const [streamId, events] of september2022Streams()) {
    for (const event of events) {
      const actor: Actor = { userId: `user-of-${streamId}`, agencyId: 'gdi', role: 'officer' };
      appends.push({ streamId, event, actor });
    }
  }
  for (let n = 0; n < SYNTHETIC_OPERATIONS; n++) appends.push(...syntheticOperation(3, n));

  const revisions = new Map<string, number>();
  return withChainHashes(
    appends.map((append, index) => {
      const revision = revisions.get(append.streamId) ?? 0;
      revisions.set(append.streamId, revision + 1);
      const event = syntheticEventData(append);
      // The command side adds it when the client sends one; it must not leave the ledger either.
      if (index % 2 === 0) event.metadata.idempotencyKey = `key-${index}`;
      return {
        ...event,
        streamId: append.streamId,
        revision,
        position: 2n ** 60n + BigInt(index),
        createdAt: new Date(String(event.metadata.recordedAt)),
      };
    }),
  );
}

const ajv = new Ajv({ strict: true, allErrors: true });
ajv.addFormat('uuid', /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i);
ajv.addFormat(
  'date-time',
  (text: string) =>
    /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})$/.test(text) &&
    !Number.isNaN(Date.parse(text)),
);

interface Validators {
  key: ValidateFunction;
  headers: ValidateFunction;
  payload: ValidateFunction;
}

const messageTypes = (document: AsyncApiDocument) => Object.keys(document.components.messages);

/** Where two texts first differ, for a failure that says where to look. */
function firstDifference(committed: string, generated: string): string {
  const a = committed.split('\n');
  const b = generated.split('\n');
  const line = a.findIndex((text, i) => text !== b[i]);
  const at = line === -1 ? a.length : line;
  return `line ${at + 1}: committed ${JSON.stringify(a[at] ?? '')}, generated ${JSON.stringify(b[at] ?? '')}`;
}

describe('the AsyncAPI contract (libs/kafka/asyncapi.yaml)', () => {
  let committedText: string;
  let committed: AsyncApiDocument;
  let generated: AsyncApiDocument;
  let generatedText: string;
  let events: RecordedEvent[];
  const validators = new Map<string, Validators>();

  beforeAll(async () => {
    committedText = readFileSync(CONTRACT_PATH, 'utf8');
    committed = await loadContract();
    generated = generateContract();
    generatedText = await renderContract(generated);
    events = fixtureEvents();
    for (const type of messageTypes(committed)) {
      const schemas = schemaFor(committed, type);
      if (!schemas) continue;
      validators.set(type, {
        key: ajv.compile(schemas.key),
        headers: ajv.compile(schemas.headers),
        payload: ajv.compile(schemas.payload),
      });
    }
  });

  it.each([
    ['committed', () => committed],
    ['generated', () => generated],
  ])('the %s document has a message and a data schema for every event type', (_which, document) => {
    const doc = document();
    const missing = PUBLISHED_EVENT_TYPES.filter(
      (type) => !schemaFor(doc, type) || !Object.hasOwn(doc.components.schemas, dataSchemaName(type)),
    );
    expect(missing).toEqual([]);
    expect(messageTypes(doc)).toEqual(PUBLISHED_EVENT_TYPES);
  });

  it('is what the event types generate', () => {
    if (committedText !== generatedText) {
      throw new Error(
        `libs/kafka/asyncapi.yaml differs from a fresh generation (${firstDifference(committedText, generatedText)}): ` +
          'run `npm run contract` and commit the result',
      );
    }
  });

  it('routes each event type to the channel of its topic, under the $id sent as ce_dataschema', () => {
    for (const type of PUBLISHED_EVENT_TYPES) {
      const category = EVENT_STREAM_CATEGORY[type] as PublishedCategory;
      const channel = committed.channels[category];
      expect({ type, address: channel?.address }).toEqual({ type, address: LEDGER_TOPICS[category] });
      expect(channel?.messages[type]).toEqual({ $ref: `#/components/messages/${type}` });
      const id = dataSchemaId(type, LATEST_SCHEMA_VERSIONS.get(type) ?? 0);
      const schemas = schemaFor(committed, type) as { payload: JsonSchema; headers: JsonSchema };
      const property = (schema: JsonSchema, name: string) =>
        (schema.properties as Record<string, JsonSchema>)[name];
      expect(property(schemas.payload, 'data')?.$id).toBe(id);
      expect(property(schemas.headers, 'ce_dataschema')?.const).toBe(id);
    }
  });

  it('allows no metadata key beyond the public ones', () => {
    // A type without a message fails the test above.
    for (const type of LEDGER_EVENT_TYPES.filter((t) => validators.has(t))) {
      const { payload } = schemaFor(committed, type) as { payload: JsonSchema };
      const metadata = (payload.properties as Record<string, JsonSchema>).metadata as JsonSchema;
      const actor = (metadata.properties as Record<string, JsonSchema>).actor as JsonSchema;
      expect({ type, envelope: payload.additionalProperties }).toEqual({ type, envelope: false });
      expect({ type, metadata: metadata.additionalProperties }).toEqual({ type, metadata: false });
      expect({ type, actor: actor.additionalProperties }).toEqual({ type, actor: false });
      expect(Object.keys(actor.properties as object)).not.toContain('userId');
    }
  });

  describe('against every event of the fixtures', () => {
    let messages: { event: RecordedEvent; message: LedgerKafkaMessage }[];
    beforeAll(() => {
      messages = events.map((event) => ({ event, message: toKafkaMessage(event) }));
    });

    it('covers every event type', () => {
      const seen = new Set(events.map((event) => event.type));
      expect(PUBLISHED_EVENT_TYPES.filter((type) => !seen.has(type))).toEqual([]);
    });

    it('validates each message key, headers and value', () => {
      const failures: string[] = [];
      for (const { event, message } of messages) {
        const validate = validators.get(event.type);
        if (!validate) {
          failures.push(`${event.type}: no message in the contract`);
          continue;
        }
        const value: unknown = JSON.parse(message.value);
        for (const [part, data] of [
          ['key', message.key],
          ['headers', message.headers],
          ['value', value],
        ] as const) {
          const check = part === 'value' ? validate.payload : validate[part];
          if (!check(data)) failures.push(`${event.type} ${part}: ${ajv.errorsText(check.errors)}`);
        }
        const channel = committed.channels[EVENT_STREAM_CATEGORY[event.type as LedgerEventType]];
        if (message.topic !== channel?.address) failures.push(`${event.type}: published to ${message.topic}`);
      }
      expect([...new Set(failures)].slice(0, 10)).toEqual([]);
    });

    it('never carries the acting user id', () => {
      for (const { event, message } of messages) {
        const userId = (event.metadata.actor as { userId: string }).userId;
        expect(message.value).not.toContain(userId);
        expect(Object.values(message.headers)).not.toContain(userId);
      }
    });

    it('is refused by the contract when the metadata carries more', () => {
      const { event, message } = messages[0]!;
      const value = JSON.parse(message.value) as { metadata: { actor: Record<string, unknown> } };
      const validate = validators.get(event.type)!.payload;
      expect(validate({ ...value, metadata: { ...value.metadata, idempotencyKey: 'k' } })).toBe(false);
      expect(
        validate({
          ...value,
          metadata: { ...value.metadata, actor: { ...value.metadata.actor, userId: 'u' } },
        }),
      ).toBe(false);
    });
  });
});
