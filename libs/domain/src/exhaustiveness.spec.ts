import { describe, expect, it } from '@jest/globals';
import { caseDecider } from './case/case.decider.js';
import { deportationDecider } from './deportation/deportation.decider.js';
import { jointOperationDecider } from './joint-operation/joint-operation.decider.js';
import { rescueRequestDecider } from './rescue-request/rescue-request.decider.js';
import { DomainError } from './shared/errors.js';

/**
 * The switches over commands and events end in a `never` check, so the compiler catches a new
 * type. At run time a command of an unknown type (a client bug, not a rule) fails loudly, and is
 * not a DomainError: it must not read as a refusal of a well-formed command.
 */
describe('commands of an unknown type', () => {
  const ctx = {
    now: new Date('2022-09-30T00:00:00Z'),
    actor: { userId: 'u', agencyId: 'gdi', role: 'officer' },
    operation: { status: 'none' } as const,
  };
  const bogus = { type: 'LaunderMoney', data: {} } as never;

  it.each([
    ['joint operation', () => jointOperationDecider.decide(bogus, jointOperationDecider.initialState, ctx)],
    ['case', () => caseDecider.decide(bogus, caseDecider.initialState, ctx)],
    ['deportation', () => deportationDecider.decide(bogus, deportationDecider.initialState, ctx)],
    ['rescue request', () => rescueRequestDecider.decide(bogus, rescueRequestDecider.initialState, ctx)],
  ])('are refused by the %s decider with a programming error', (_name, run) => {
    let thrown: unknown;
    try {
      run();
    } catch (error) {
      thrown = error;
    }
    expect(thrown).toBeInstanceOf(Error);
    expect(thrown).not.toBeInstanceOf(DomainError);
    expect((thrown as Error).message).toMatch(/unexpected .*command: .*LaunderMoney/);
  });
});
