import { describe, expect, it } from '@jest/globals';
import { september2022Streams } from '../fixtures/ledger-september-2022.js';
import type { LedgerEvent } from '../ledger-events.js';
import { withholdFromEvent, withholdFromState } from './withhold.js';

const events = [...september2022Streams().values()].flat();
const ofType = <T extends LedgerEvent['type']>(type: T) =>
  events.filter((e): e is Extract<LedgerEvent, { type: T }> => e.type === type);

describe('withholding restricted entries from events', () => {
  it('withholds every victim, keeping only the opaque id and the count', () => {
    const identified = ofType('VictimsIdentified')[0]!;
    const { value, withheld } = withholdFromEvent(identified!);
    expect(withheld).toBe(identified.data.victims.length);
    expect((value as typeof identified).data.victims).toEqual(
      identified.data.victims.map((v) => ({ personId: v.personId, withheld: true })),
    );
    // Everything else in the event is untouched.
    expect({ ...(value as typeof identified).data, victims: [] }).toEqual({
      ...identified.data,
      victims: [],
    });
  });

  it('withholds minors among suspects, and no adult suspect', () => {
    const detained = {
      type: 'SuspectsDetained',
      schemaVersion: 1,
      data: {
        operationId: 'op',
        raidId: 'r1',
        occurredAt: '2022-09-19T03:00:00.000Z',
        suspects: [
          { personId: 'a', nationality: 'CHN', sex: 'male', minor: false, offence: 'prostitution' },
          { personId: 'm', nationality: 'VNM', sex: 'female', minor: true, offence: 'prostitution' },
        ],
      },
    } as const satisfies LedgerEvent;
    const { value, withheld } = withholdFromEvent(detained);
    expect(withheld).toBe(1);
    expect((value as { data: { suspects: unknown[] } }).data.suspects).toEqual([
      detained.data.suspects[0],
      { personId: 'm', withheld: true },
    ]);
  });

  it('withholds a case’s victims and leaves its adult suspects', () => {
    const opened = ofType('CaseOpened').find((e) => e.data.victims.length > 0)!;
    const { value, withheld } = withholdFromEvent(opened);
    expect(withheld).toBe(opened.data.victims.length + opened.data.suspects.filter((s) => s.minor).length);
    const data = (value as typeof opened).data;
    expect(data.suspects).toEqual(opened.data.suspects.filter((s) => !s.minor));
    expect(data.victims.every((v) => 'withheld' in v)).toBe(true);
  });

  it('leaves events without restricted entries exactly as they were', () => {
    const plain = events.filter(
      (e) => !['VictimsIdentified', 'CaseOpened', 'SuspectsDetained', 'RescueVictimsFound'].includes(e.type),
    );
    expect(new Set(plain.map((e) => e.type)).size).toBeGreaterThan(10);
    for (const event of plain) expect(withholdFromEvent(event)).toEqual({ value: event, withheld: 0 });
  });
});

describe('withholding restricted entries from states', () => {
  const victim = (personId: string, minor: boolean) => ({
    personId,
    nationality: 'VNM',
    sex: 'female',
    minor,
  });

  it('withholds all victims and minor detainees of an operation, keeping their ids', () => {
    const state = {
      operationId: 'op',
      victims: { v1: victim('v1', false), v2: victim('v2', true) },
      detainees: { d1: victim('d1', false), d2: victim('d2', true) },
    };
    const { value, withheld } = withholdFromState('operation', state);
    expect(withheld).toBe(3);
    expect(value).toEqual({
      operationId: 'op',
      victims: { v1: { personId: 'v1', withheld: true }, v2: { personId: 'v2', withheld: true } },
      detainees: { d1: state.detainees.d1, d2: { personId: 'd2', withheld: true } },
    });
  });

  it('leaves deportations and persons alone', () => {
    const state = { persons: { p: victim('p', true) } };
    expect(withholdFromState('deportation', state)).toEqual({ value: state, withheld: 0 });
  });
});
