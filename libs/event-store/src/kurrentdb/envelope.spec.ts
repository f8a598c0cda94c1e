import { describe, expect, it } from '@jest/globals';
import fc from 'fast-check';
import type { EventData, JsonObject } from '../event-store.port.js';
import {
  assertStorableInKurrentDb,
  fromKurrentRecord,
  NotALedgerEventError,
  SCHEMA_VERSION_KEY,
  StreamNamespace,
  toKurrentEvent,
  type KurrentRecord,
} from './envelope.js';

const eventId = '0190c4e0-1234-7000-8000-00000000abcd';

function sent(overrides: Partial<EventData> = {}): EventData {
  return {
    eventId,
    type: 'RaidConducted',
    schemaVersion: 3,
    data: { names: ['Nguyễn Văn Ánh', 'emoji 🚔'], deep: { a: [1, { b: null }] } },
    metadata: { correlationId: 'c-1', actor: { userId: 'u-1', role: 'investigator' } },
    ...overrides,
  };
}

/** What the client gives back for an event the ledger appended: JSON parsed, as the client does. */
function stored(event: EventData, position = 4242n, streamId = 'case-1'): KurrentRecord {
  const written = toKurrentEvent(event);
  return {
    streamId,
    id: written.id,
    revision: 7n,
    type: written.type,
    created: new Date('2026-03-01T01:30:00Z'),
    isJson: true,
    data: JSON.parse(JSON.stringify(written.data)),
    metadata: JSON.parse(JSON.stringify(written.metadata)),
    position: { commit: position, prepare: position },
  };
}

const jsonObject = fc.dictionary(
  fc.string().filter((key) => key !== SCHEMA_VERSION_KEY && key !== '__proto__'),
  fc.jsonValue(),
) as fc.Arbitrary<JsonObject>;

describe('KurrentDB envelope', () => {
  it('stores the schema version in the metadata and takes it out again on read', () => {
    const event = sent();
    const written = toKurrentEvent(event);
    expect(written).toEqual({
      id: eventId,
      contentType: 'application/json',
      type: 'RaidConducted',
      data: event.data,
      metadata: { ...event.metadata, [SCHEMA_VERSION_KEY]: 3 },
    });

    expect(fromKurrentRecord(stored(event), 'case-1')).toEqual({
      ...event,
      streamId: 'case-1',
      revision: 7,
      position: 4242n,
      createdAt: new Date('2026-03-01T01:30:00Z'),
    });
  });

  it('round-trips any JSON data, metadata and schema version through the JSON the client sends', () => {
    fc.assert(
      fc.property(jsonObject, jsonObject, fc.integer({ min: 0, max: 2 ** 31 - 1 }), (data, metadata, v) => {
        const event = sent({ data, metadata, schemaVersion: v });
        const read = fromKurrentRecord(stored(event), 'case-1');
        expect({ data: read.data, metadata: read.metadata, schemaVersion: read.schemaVersion }).toEqual(
          JSON.parse(JSON.stringify({ data, metadata, schemaVersion: v })),
        );
      }),
    );
  });

  it('refuses to read events the ledger did not write', () => {
    const event = stored(sent());
    const { [SCHEMA_VERSION_KEY]: _dropped, ...withoutVersion } = event.metadata as JsonObject;
    const cases: KurrentRecord[] = [
      { ...event, isJson: false, data: new Uint8Array([1, 2]) },
      { ...event, data: [1, 2] },
      { ...event, metadata: undefined },
      { ...event, metadata: withoutVersion },
      { ...event, metadata: { ...withoutVersion, [SCHEMA_VERSION_KEY]: '3' } },
    ];
    for (const record of cases) {
      expect(() => fromKurrentRecord(record, 'case-1')).toThrow(NotALedgerEventError);
    }
    const { position: _none, ...noPosition } = event;
    expect(() => fromKurrentRecord(noPosition, 'case-1')).toThrow(/no position/);
  });

  it('refuses an event of an explicit transaction rather than giving it a wrong position', () => {
    const record = { ...stored(sent()), position: { commit: 900n, prepare: 100n } };
    expect(() => fromKurrentRecord(record, 'case-1')).toThrow(/explicit transaction/);
  });

  it('refuses system stream names, system event types and the reserved metadata key on append', () => {
    expect(() => assertStorableInKurrentDb('case-1', [sent()])).not.toThrow();
    expect(() => assertStorableInKurrentDb('$case-1', [sent()])).toThrow(/system streams/);
    expect(() => assertStorableInKurrentDb('case-1', [sent({ type: '$Raid' })])).toThrow(/system events/);
    expect(() =>
      assertStorableInKurrentDb('case-1', [sent({ metadata: { [SCHEMA_VERSION_KEY]: 1 } })]),
    ).toThrow(/reserved/);
  });
});

describe('StreamNamespace', () => {
  it('maps stream names in and out of a prefix', () => {
    const ns = new StreamNamespace('conformance-ab12-');
    expect(ns.toKurrent('case-1')).toBe('conformance-ab12-case-1');
    expect(ns.fromKurrent('conformance-ab12-case-1')).toBe('case-1');
    expect(ns.fromKurrent('case-1')).toBeUndefined();
    expect(ns.fromKurrent('conformance-cd34-case-1')).toBeUndefined();
  });

  it('owns every non-system event when it has no prefix, and never a system event', () => {
    const ns = new StreamNamespace();
    expect(ns.owns({ streamId: 'case-1', type: 'CaseOpened' })).toBe(true);
    expect(ns.owns({ streamId: '$stats-127.0.0.1:2113', type: '$statsCollected' })).toBe(false);
    expect(ns.owns({ streamId: '$ce-case', type: 'CaseOpened' })).toBe(false);
    expect(ns.owns({ streamId: 'case-1', type: '$metadata' })).toBe(false);
  });

  it('round-trips every ledger stream name', () => {
    fc.assert(
      fc.property(fc.string(), fc.string({ minLength: 1 }), (prefix, streamId) => {
        fc.pre(!prefix.startsWith('$') && !(prefix + streamId).startsWith('$'));
        const ns = new StreamNamespace(prefix);
        expect(ns.fromKurrent(ns.toKurrent(streamId))).toBe(streamId);
      }),
    );
  });

  it('refuses a prefix that would make every stream a system stream', () => {
    expect(() => new StreamNamespace('$ledger-')).toThrow(TypeError);
  });
});
