import { describe, expect, it } from '@jest/globals';
import {
  EVENT_STREAM_CATEGORY,
  isLedgerEventType,
  LATEST_SCHEMA_VERSIONS,
  LEDGER_EVENT_TYPES,
  LIFTS,
  upcast,
} from '../ledger-events.js';
import { createUpcaster, UnreadableEventError, type Lift } from './upcaster.js';

/**
 * A synthetic history: 'RaidConducted' v1 had `buildings`, v2 renamed it `premisesInspected`,
 * v3 added `withoutWorkPermit` (unknown for old raids, recorded as 0).
 */
const lifts: Lift[] = [
  {
    type: 'RaidConducted',
    fromVersion: 2,
    lift: (data) => ({ ...data, withoutWorkPermit: 0 }),
  },
  {
    type: 'RaidConducted',
    fromVersion: 1,
    lift: ({ buildings, ...rest }) => ({ ...rest, premisesInspected: buildings }),
  },
];

describe('upcaster', () => {
  const upcaster = createUpcaster(['RaidConducted', 'FineImposed'], lifts);

  it('derives the latest version of each type from its lifts', () => {
    expect(upcaster.latestVersions.get('RaidConducted')).toBe(3);
    expect(upcaster.latestVersions.get('FineImposed')).toBe(1);
  });

  it('lifts a v1 event through every version, in order, to the latest', () => {
    const stored = { type: 'RaidConducted', schemaVersion: 1, data: { raidId: 'r1', buildings: 8 } };
    expect(upcaster.upcast(stored)).toEqual({
      type: 'RaidConducted',
      schemaVersion: 3,
      data: { raidId: 'r1', premisesInspected: 8, withoutWorkPermit: 0 },
    });
    // The stored event is not rewritten.
    expect(stored.data).toEqual({ raidId: 'r1', buildings: 8 });
  });

  it('lifts a v2 event only through the remaining lifts', () => {
    expect(
      upcaster.upcast({ type: 'RaidConducted', schemaVersion: 2, data: { premisesInspected: 8 } }).data,
    ).toEqual({
      premisesInspected: 8,
      withoutWorkPermit: 0,
    });
  });

  it('passes an event already at the latest version through unchanged', () => {
    const data = { fineId: 'f1', amountRiel: 118_000_000 };
    expect(upcaster.upcast({ type: 'FineImposed', schemaVersion: 1, data })).toEqual({
      type: 'FineImposed',
      schemaVersion: 1,
      data,
    });
  });

  it('refuses an unknown event type', () => {
    expect(() => upcaster.upcast({ type: 'RaidPlanned', schemaVersion: 1, data: {} })).toThrow(
      UnreadableEventError,
    );
  });

  it('refuses a version newer than this release knows, or below 1', () => {
    expect(() => upcaster.upcast({ type: 'FineImposed', schemaVersion: 2, data: {} })).toThrow(
      /reads versions 1 to 1/,
    );
    expect(() => upcaster.upcast({ type: 'FineImposed', schemaVersion: 0, data: {} })).toThrow(
      UnreadableEventError,
    );
    expect(() => upcaster.upcast({ type: 'FineImposed', schemaVersion: 1.5, data: {} })).toThrow(
      UnreadableEventError,
    );
  });

  it('refuses data that is not an object', () => {
    for (const data of [null, [], 'x']) {
      expect(() => upcaster.upcast({ type: 'FineImposed', schemaVersion: 1, data })).toThrow(
        /data is not an object/,
      );
    }
  });

  it('refuses at construction a chain with a gap, or a lift for an unknown type', () => {
    expect(() =>
      createUpcaster(['RaidConducted'], [{ type: 'RaidConducted', fromVersion: 2, lift: (d) => d }]),
    ).toThrow(/breaks the chain/);
    expect(() =>
      createUpcaster(['RaidConducted'], [{ type: 'Other', fromVersion: 1, lift: (d) => d }]),
    ).toThrow(/unknown event type/);
  });
});

describe('the ledger upcaster', () => {
  it('knows every event type at version 1 today, with no lift registered', () => {
    expect(LIFTS).toEqual([]);
    expect(LEDGER_EVENT_TYPES).toHaveLength(30);
    for (const type of LEDGER_EVENT_TYPES) expect(LATEST_SCHEMA_VERSIONS.get(type)).toBe(1);
  });

  it('reads a stored v1 event as is', () => {
    const stored = {
      type: 'FineImposed',
      schemaVersion: 1,
      data: { operationId: 'op', fineId: 'f', amountRiel: 1, reason: 'r', occurredAt: 'x' },
    };
    expect(upcast(stored)).toEqual(stored);
  });

  it('maps every event type to its stream category', () => {
    expect(EVENT_STREAM_CATEGORY.RaidConducted).toBe('operation');
    expect(EVENT_STREAM_CATEGORY.CaseSentToCourt).toBe('case');
    expect(EVENT_STREAM_CATEGORY.DeportationExecuted).toBe('deportation');
    expect(EVENT_STREAM_CATEGORY.RescueVictimsHandedOver).toBe('rescue');
    expect(isLedgerEventType('SuspectsDetained')).toBe(true);
    expect(isLedgerEventType('toString')).toBe(false);
  });
});
