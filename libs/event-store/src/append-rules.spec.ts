import { describe, expect, it } from '@jest/globals';
import fc from 'fast-check';
import {
  isExpectedRevision,
  resolveReappend,
  revisionNumber,
  satisfiesExpectedRevision,
  validateAppend,
  type StoredEventRef,
} from './append-rules.js';
import { DuplicateEventIdError } from './errors.js';
import type { EventData } from './event-store.port.js';

const id = (n: number) => `0190c4e0-0000-7000-8000-${n.toString(16).padStart(12, '0')}`;
const event = (n: number): EventData => ({
  eventId: id(n),
  type: 'T',
  schemaVersion: 1,
  data: {},
  metadata: {},
});
const actualRevision = fc.oneof(fc.constant('no_stream' as const), fc.nat({ max: 1000 }));

describe('expected revision rules', () => {
  it('any accepts every state of the stream', () => {
    fc.assert(fc.property(actualRevision, (actual) => satisfiesExpectedRevision('any', actual)));
  });

  it('no_stream and stream_exists accept exactly opposite states', () => {
    fc.assert(
      fc.property(actualRevision, (actual) => {
        expect(satisfiesExpectedRevision('no_stream', actual)).toBe(actual === 'no_stream');
        expect(satisfiesExpectedRevision('stream_exists', actual)).toBe(actual !== 'no_stream');
      }),
    );
  });

  it('an exact revision accepts only that last revision', () => {
    fc.assert(
      fc.property(fc.nat({ max: 1000 }), actualRevision, (expected, actual) => {
        expect(satisfiesExpectedRevision(expected, actual)).toBe(expected === actual);
      }),
    );
  });

  it('reports a missing stream as revision -1', () => {
    expect(revisionNumber('no_stream')).toBe(-1);
    expect(revisionNumber(4)).toBe(4);
  });

  it('recognises only the three modes and non-negative safe integers', () => {
    for (const ok of ['any', 'no_stream', 'stream_exists', 0, 7, Number.MAX_SAFE_INTEGER]) {
      expect(isExpectedRevision(ok)).toBe(true);
    }
    for (const bad of [-1, 1.5, NaN, Infinity, 2 ** 53, '3', 'latest', null, undefined, 3n]) {
      expect(isExpectedRevision(bad)).toBe(false);
    }
  });
});

describe('validateAppend', () => {
  it('accepts a well-formed append', () => {
    expect(() => validateAppend('case-1', [event(1), event(2)], 'any', 10)).not.toThrow();
  });

  it('rejects more events than the adapter can take in one append', () => {
    expect(() => validateAppend('case-1', [event(1), event(2), event(3)], 'any', 2)).toThrow(RangeError);
  });

  it('rejects the same event id twice in one append, whatever its letter case', () => {
    const upper = { ...event(1), eventId: id(1).toUpperCase() };
    expect(() => validateAppend('case-1', [event(1), upper], 'any', 10)).toThrow(DuplicateEventIdError);
  });

  it.each([
    ['an empty stream id', '', [event(1)], 'any'],
    ['an event id that is not a UUID', 'case-1', [{ ...event(1), eventId: 'evt-1' }], 'any'],
    ['an empty type', 'case-1', [{ ...event(1), type: '' }], 'any'],
    ['a fractional schema version', 'case-1', [{ ...event(1), schemaVersion: 1.5 }], 'any'],
    ['data that is an array', 'case-1', [{ ...event(1), data: [] as unknown as EventData['data'] }], 'any'],
    [
      'metadata that is null',
      'case-1',
      [{ ...event(1), metadata: null as unknown as EventData['metadata'] }],
      'any',
    ],
    ['a negative expected revision', 'case-1', [event(1)], -1],
  ])('rejects %s', (_name, streamId, events, expected) => {
    expect(() => validateAppend(streamId as string, events as EventData[], expected, 10)).toThrow(TypeError);
  });
});

describe('resolveReappend', () => {
  const stored = (streamId: string, firstRevision: number, ids: number[]): StoredEventRef[] =>
    ids.map((n, i) => ({
      eventId: id(n),
      streamId,
      revision: firstRevision + i,
      position: BigInt(1000 + i),
    }));

  it('treats ids that are not stored as a new append', () => {
    expect(resolveReappend('case-1', [id(1)], [])).toBeUndefined();
  });

  it('returns the stored result when every id sits in the stream at consecutive revisions, in order', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 20 }), fc.nat({ max: 100 }), (count, first) => {
        const ids = Array.from({ length: count }, (_, i) => i + 1);
        const refs = stored('case-1', first, ids);
        expect(resolveReappend('case-1', ids.map(id), [...refs].reverse())).toEqual({
          nextRevision: first + count - 1,
          position: refs[count - 1]!.position,
        });
      }),
    );
  });

  it('matches ids whatever their letter case', () => {
    expect(resolveReappend('case-1', [id(10).toUpperCase()], stored('case-1', 3, [10]))).toEqual({
      nextRevision: 3,
      position: 1000n,
    });
  });

  it('rejects ids stored in another stream', () => {
    expect(() => resolveReappend('case-2', [id(1)], stored('case-1', 0, [1]))).toThrow(DuplicateEventIdError);
  });

  it('rejects a mix of stored and new ids, naming a stored one', () => {
    const err = (() => {
      try {
        resolveReappend('case-1', [id(9), id(1)], stored('case-1', 0, [1]));
      } catch (e) {
        return e;
      }
    })();
    expect(err).toBeInstanceOf(DuplicateEventIdError);
    expect(err).toMatchObject({ eventId: id(1), streamId: 'case-1' });
  });

  it('rejects stored ids in another order or with a gap between their revisions', () => {
    expect(() => resolveReappend('case-1', [id(2), id(1)], stored('case-1', 0, [1, 2]))).toThrow(
      DuplicateEventIdError,
    );
    const gap = [...stored('case-1', 0, [1]), ...stored('case-1', 5, [2])];
    expect(() => resolveReappend('case-1', [id(1), id(2)], gap)).toThrow(DuplicateEventIdError);
  });
});
