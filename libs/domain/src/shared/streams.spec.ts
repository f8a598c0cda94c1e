import { describe, expect, it } from '@jest/globals';
import fc from 'fast-check';
import { RuleViolationError } from './errors.js';
import {
  isStreamCategory,
  parseStreamId,
  STREAM_CATEGORIES,
  streamIdFor,
  type StreamCategory,
} from './streams.js';

describe('stream ids', () => {
  it('names each aggregate category', () => {
    expect(STREAM_CATEGORIES).toEqual({
      jointOperation: 'operation',
      case: 'case',
      deportation: 'deportation',
      rescueRequest: 'rescue',
      person: 'person',
      agencyRegister: 'reference',
      accessLog: 'access',
    });
  });

  it('builds <category>-<id>', () => {
    expect(streamIdFor('operation', '01836a3c-8c00-7000-8000-000000000001')).toBe(
      'operation-01836a3c-8c00-7000-8000-000000000001',
    );
    expect(streamIdFor(STREAM_CATEGORIES.rescueRequest, 'r1')).toBe('rescue-r1');
  });

  it('refuses an empty id', () => {
    expect(() => streamIdFor('case', '')).toThrow(RuleViolationError);
  });

  it('parses a stream id back into category and id, ids with dashes included (property)', () => {
    const categories = Object.values(STREAM_CATEGORIES) as StreamCategory[];
    fc.assert(
      fc.property(
        fc.constantFrom(...categories),
        fc.stringMatching(/^[A-Za-z0-9][A-Za-z0-9-]{0,40}$/),
        (category, id) => {
          expect(parseStreamId(streamIdFor(category, id))).toEqual({ category, id });
        },
      ),
    );
  });

  it('does not parse streams outside the ledger categories', () => {
    expect(parseStreamId('audit-1')).toBeUndefined();
    expect(parseStreamId('operation-')).toBeUndefined();
    expect(parseStreamId('-1')).toBeUndefined();
    expect(parseStreamId('operation')).toBeUndefined();
    expect(isStreamCategory('operation')).toBe(true);
    expect(isStreamCategory('raid')).toBe(false);
  });
});
