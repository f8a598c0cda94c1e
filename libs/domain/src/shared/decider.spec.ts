import { describe, expect, it } from '@jest/globals';
import { assertNever, fold, type DecideContext, type Decider } from './decider.js';
import { AggregateNotFoundError, DomainError, RuleViolationError } from './errors.js';
import { spec } from './given-when-then.spec-helper.js';

type CounterEvent = { type: 'Added'; schemaVersion: 1; data: { by: number } };
type CounterCommand = { type: 'Add'; data: { by: number } };

const counter: Decider<CounterCommand, number, CounterEvent, DecideContext> = {
  initialState: 0,
  decide: (command, state) => {
    if (state + command.data.by > 10)
      throw new RuleViolationError('counter-overflow', `${state} + ${command.data.by} > 10`);
    return [{ type: 'Added', schemaVersion: 1, data: { by: command.data.by } }];
  },
  evolve: (state, event) => state + event.data.by,
};

const ctx: DecideContext = {
  now: new Date('2022-09-30T00:00:00Z'),
  actor: { userId: 'u', agencyId: 'gdi', role: 'officer' },
};

describe('decider building blocks', () => {
  it('folds events over the initial state, or over a given state', () => {
    const added = (by: number): CounterEvent => ({ type: 'Added', schemaVersion: 1, data: { by } });
    expect(fold(counter, [])).toBe(0);
    expect(fold(counter, [added(2), added(3)])).toBe(5);
    expect(fold(counter, [added(2)], 5)).toBe(7);
  });

  it('given/when/then checks the events and returns the next state', () => {
    const next = spec(counter)
      .given([{ type: 'Added', schemaVersion: 1, data: { by: 4 } }])
      .when({ type: 'Add', data: { by: 2 } }, ctx)
      .then([{ type: 'Added', schemaVersion: 1, data: { by: 2 } }]);
    expect(next).toBe(6);
  });

  it('given/when/thenThrows checks the error class and rule code', () => {
    const error = spec(counter)
      .given([{ type: 'Added', schemaVersion: 1, data: { by: 9 } }])
      .when({ type: 'Add', data: { by: 2 } }, ctx)
      .thenThrows(RuleViolationError, 'counter-overflow');
    expect(error.message).toBe('[counter-overflow] 9 + 2 > 10');
  });

  it('assertNever names the unexpected value', () => {
    expect(() => assertNever('Bogus' as never, 'event')).toThrow('unexpected event: "Bogus"');
  });
});

describe('domain errors', () => {
  it('a rule violation carries its stable code, a message naming it and details', () => {
    const error = new RuleViolationError('detained-exceeds-screened', '470 detained of 469 screened', {
      screened: 469,
    });
    expect(error).toBeInstanceOf(DomainError);
    expect(error).toBeInstanceOf(Error);
    expect(error.name).toBe('RuleViolationError');
    expect(error.rule).toBe('detained-exceeds-screened');
    expect(error.code).toBe('detained-exceeds-screened');
    expect(error.message).toBe('[detained-exceeds-screened] 470 detained of 469 screened');
    expect(error.details).toEqual({ screened: 469 });
  });

  it('a missing aggregate names its kind and id', () => {
    const error = new AggregateNotFoundError('operation', 'op-1');
    expect(error).toBeInstanceOf(DomainError);
    expect(error.name).toBe('AggregateNotFoundError');
    expect([error.kind, error.id, error.code]).toEqual(['operation', 'op-1', 'operation-not-found']);
    expect(error.message).toBe('operation op-1 does not exist');
  });
});
