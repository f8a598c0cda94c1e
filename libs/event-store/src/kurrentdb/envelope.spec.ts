import { describe, expect, it } from '@jest/globals';
import { GENESIS_HASH, eventHash } from '@ledger/ledger-integrity';
import fc from 'fast-check';
import type { EventData, JsonObject } from '../event-store.port.js';
import {
  assertStorableInKurrentDb,
  fromKurrentRecord,
  LEDGER_HASH_KEY,
  ledgerHashOf,
  NotALedgerEventError,
  SCHEMA_VERSION_KEY,
  StreamNamespace,
  toKurrentEvent,
  type KurrentRecord,
} from './envelope.js';

const eventId = '0190c4e0-1234-7000-8000-00000000abcd';
const HASH = 'ab'.repeat(32);

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
function stored(event: EventData, hash = HASH, position = 4242n, streamId = 'case-1'): KurrentRecord {
  const written = toKurrentEvent(event, hash);
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
  fc.string().filter((key) => key !== SCHEMA_VERSION_KEY && key !== LEDGER_HASH_KEY && key !== '__proto__'),
  fc.jsonValue(),
) as fc.Arbitrary<JsonObject>;

describe('KurrentDB envelope', () => {
  it('stores the schema version and the chain hash in the metadata and takes them out again on read', () => {
    const event = sent();
    const written = toKurrentEvent(event, HASH);
    expect(written).toEqual({
      id: eventId,
      contentType: 'application/json',
      type: 'RaidConducted',
      data: event.data,
      metadata: { ...event.metadata, [SCHEMA_VERSION_KEY]: 3, [LEDGER_HASH_KEY]: HASH },
    });

    expect(fromKurrentRecord(stored(event), 'case-1')).toEqual({
      ...event,
      streamId: 'case-1',
      revision: 7,
      position: 4242n,
      createdAt: new Date('2026-03-01T01:30:00Z'),
      hash: HASH,
    });
  });

  it('refuses to write a hash that is not lowercase hex SHA-256', () => {
    for (const hash of ['', 'AB'.repeat(32), 'ab'.repeat(31), 'ab'.repeat(33), 'zz'.repeat(32)]) {
      expect(() => toKurrentEvent(sent(), hash)).toThrow(TypeError);
    }
  });

  it('round-trips any JSON data, metadata and schema version through the JSON the client sends', () => {
    fc.assert(
      fc.property(jsonObject, jsonObject, fc.integer({ min: 0, max: 2 ** 31 - 1 }), (data, metadata, v) => {
        const event = sent({ data, metadata, schemaVersion: v });
        const read = fromKurrentRecord(stored(event), 'case-1');
        expect({ data: read.data, metadata: read.metadata, schemaVersion: read.schemaVersion }).toEqual(
          JSON.parse(JSON.stringify({ data, metadata, schemaVersion: v })),
        );
        // The hash computed at append time is the one an auditor computes from what comes back.
        expect(eventHash({ ...read, previousHash: GENESIS_HASH })).toBe(
          eventHash({ ...event, streamId: 'case-1', previousHash: GENESIS_HASH }),
        );
        expect(read.hash).toBe(HASH);
      }),
    );
  });

  it('refuses to read events the ledger did not write', () => {
    const event = stored(sent());
    const { [SCHEMA_VERSION_KEY]: _dropped, ...withoutVersion } = event.metadata as JsonObject;
    const { [LEDGER_HASH_KEY]: _hash, ...withoutHash } = event.metadata as JsonObject;
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
    // Written before the hash chain, or by someone else: without its link it cannot be verified.
    const badHashes = [undefined, null, 42, '', 'AB'.repeat(32), 'ab'.repeat(31), `${'ab'.repeat(32)}00`];
    for (const hash of badHashes) {
      const record = {
        ...event,
        metadata: hash === undefined ? withoutHash : { ...withoutHash, [LEDGER_HASH_KEY]: hash },
      };
      expect(() => fromKurrentRecord(record, 'case-1')).toThrow(NotALedgerEventError);
      expect(() => fromKurrentRecord(record, 'case-1')).toThrow(/\$ledgerHash/);
      expect(() => ledgerHashOf(record)).toThrow(NotALedgerEventError);
    }
    expect(ledgerHashOf(event)).toBe(HASH);
    const { position: _none, ...noPosition } = event;
    expect(() => fromKurrentRecord(noPosition, 'case-1')).toThrow(/no position/);
  });

  it('refuses an event of an explicit transaction rather than giving it a wrong position', () => {
    const record = { ...stored(sent()), position: { commit: 900n, prepare: 100n } };
    expect(() => fromKurrentRecord(record, 'case-1')).toThrow(/explicit transaction/);
  });

  it('refuses system stream names, system event types and the reserved metadata keys on append', () => {
    expect(() => assertStorableInKurrentDb('case-1', [sent()])).not.toThrow();
    expect(() => assertStorableInKurrentDb('$case-1', [sent()])).toThrow(/system streams/);
    expect(() => assertStorableInKurrentDb('case-1', [sent({ type: '$Raid' })])).toThrow(/system events/);
    for (const key of [SCHEMA_VERSION_KEY, LEDGER_HASH_KEY]) {
      expect(() => assertStorableInKurrentDb('case-1', [sent({ metadata: { [key]: HASH } })])).toThrow(
        new RegExp(`\\${key} is reserved`),
      );
    }
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
