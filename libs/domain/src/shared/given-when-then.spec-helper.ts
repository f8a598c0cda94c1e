/**
 * Given/when/then for deciders, for specs only (excluded from the build: it imports Jest).
 *
 *   spec(decider).given(pastEvents).when(command, ctx).then(expectedEvents)
 *   spec(decider).given(pastEvents).when(command, ctx).thenThrows(RuleViolationError, 'rule-code')
 *   spec(decider).given([]).when(command, ctx).thenThrows(AggregateNotFoundError, 'operation-not-found')
 */
import { expect } from '@jest/globals';
import { fold, type DecideContext, type Decider } from './decider.js';
import { DomainError } from './errors.js';

type ErrorClass = abstract new (...args: never[]) => Error;

export function spec<C, S, E, Ctx extends DecideContext>(decider: Decider<C, S, E, Ctx>) {
  return {
    given(events: readonly E[]) {
      const state = fold(decider, events);
      return {
        when(command: C, ctx: Ctx) {
          const run = () => decider.decide(command, state, ctx);
          return {
            /** The exact events (strict equality: no stray undefined keys). Returns the state after them. */
            then(expected: readonly E[]): S {
              const actual = run();
              expect(actual).toStrictEqual(expected);
              return fold(decider, actual, state);
            },
            /** The command is refused with this error class and, when given, this code (the rule of a violation). */
            thenThrows(errorClass: ErrorClass, code?: string): Error {
              let thrown: unknown;
              try {
                run();
              } catch (error) {
                thrown = error;
              }
              expect(thrown).toBeInstanceOf(errorClass);
              if (code !== undefined) {
                expect(thrown).toBeInstanceOf(DomainError);
                expect((thrown as DomainError).code).toBe(code);
              }
              return thrown as Error;
            },
          };
        },
      };
    },
  };
}

/** Applies every step's command in order, threading the state; returns all events and the final state. */
export function replay<C, S, E, Ctx extends DecideContext>(
  decider: Decider<C, S, E, Ctx>,
  steps: readonly { command: C; ctx: Ctx }[],
  from: S = decider.initialState,
): { events: E[]; state: S } {
  const events: E[] = [];
  let state = from;
  for (const { command, ctx } of steps) {
    const produced = decider.decide(command, state, ctx);
    events.push(...produced);
    state = fold(decider, produced, state);
  }
  return { events, state };
}
