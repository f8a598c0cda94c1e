import { describe, expect, it } from '@jest/globals';
import fc from 'fast-check';
import { fold } from '../shared/decider.js';
import { AggregateNotFoundError, DomainError, RuleViolationError } from '../shared/errors.js';
import { spec } from '../shared/given-when-then.spec-helper.js';
import {
  ctx as operationCtx,
  detained,
  NOW,
  OP,
  operationFrom,
  released,
  suspect,
  victim,
  victimsIdentified,
  withRaid,
} from '../joint-operation/joint-operation.spec-helper.js';
import type { JointOperationState } from '../joint-operation/joint-operation.state.js';
import type { CancelDeportation, ExecuteDeportation, OrderDeportation } from './deportation.commands.js';
import { deportationDecider } from './deportation.decider.js';
import type {
  DeportationCancelled,
  DeportationEvent,
  DeportationExecuted,
  DeportationOrdered,
  DeportedGroup,
  Deportee,
} from './deportation.events.js';
import type { DeportationDecideContext } from './deportation.state.js';

const GDI = 'gdi';
const T_ORDER = '2022-09-22T02:00:00.000Z';
const T_EXEC = '2022-09-23T04:00:00.000Z';

/** Detainees: p1 CHN man, p2 VNM woman, p3 VNM man, p4 KHM man, p5 THA man (released); victim v1. */
const operation = operationFrom([
  ...withRaid,
  detained('r1', [
    suspect('p1', 'CHN', 'immigration-violation'),
    suspect('p2', 'VNM', 'immigration-violation', 'female'),
    suspect('p3', 'VNM', 'immigration-violation'),
    suspect('p4', 'KHM', 'fraud'),
    suspect('p5', 'THA', 'immigration-violation'),
  ]),
  released('p5', 'visa regularised'),
  victimsIdentified([victim('v1')]),
]);

const ctx = (agencyId = GDI, op: JointOperationState = operation, now = NOW): DeportationDecideContext => ({
  ...operationCtx(agencyId, now),
  operation: op,
});

const deportee = (personId: string, nationality: string, sex: Deportee['sex'] = 'male'): Deportee => ({
  personId,
  nationality,
  sex,
});
const group = (nationality: string, sex: DeportedGroup['sex'], count: number): DeportedGroup => ({
  nationality,
  sex,
  count,
});

const ordered = (
  persons: Deportee[] = [deportee('p1', 'CHN'), deportee('p2', 'VNM', 'female'), deportee('p3', 'VNM')],
): DeportationOrdered => ({
  type: 'DeportationOrdered',
  schemaVersion: 1,
  data: {
    deportationId: 'dep-1',
    orderedBy: GDI,
    operationId: OP,
    legalGround: 'overstay',
    persons,
    occurredAt: T_ORDER,
  },
});
const executed = (
  checkpoint: string,
  persons: string[],
  byNationality: DeportedGroup[],
): DeportationExecuted => ({
  type: 'DeportationExecuted',
  schemaVersion: 1,
  data: {
    deportationId: 'dep-1',
    executedOn: '2022-09-23',
    checkpoint,
    persons,
    byNationality,
    occurredAt: T_EXEC,
  },
});
const cancelled = (reason = 'appeal granted'): DeportationCancelled => ({
  type: 'DeportationCancelled',
  schemaVersion: 1,
  data: { deportationId: 'dep-1', reason, occurredAt: T_EXEC },
});

type Data<C extends { data: object }> = Partial<{ -readonly [K in keyof C['data']]: C['data'][K] }>;
const order = (
  personIds: string[] = ['p1', 'p2', 'p3'],
  d: Data<OrderDeportation> = {},
): OrderDeportation => ({
  type: 'OrderDeportation',
  data: {
    deportationId: 'dep-1',
    operationId: OP,
    legalGround: 'overstay',
    personIds,
    occurredAt: T_ORDER,
    ...d,
  },
});
const execute = (
  checkpoint: string,
  personIds: string[],
  d: Data<ExecuteDeportation> = {},
): ExecuteDeportation => ({
  type: 'ExecuteDeportation',
  data: { deportationId: 'dep-1', executedOn: '2022-09-23', checkpoint, personIds, occurredAt: T_EXEC, ...d },
});
const cancel = (d: Data<CancelDeportation> = {}): CancelDeportation => ({
  type: 'CancelDeportation',
  data: { deportationId: 'dep-1', reason: 'appeal granted', occurredAt: T_EXEC, ...d },
});

const given = spec(deportationDecider).given;

describe('OrderDeportation', () => {
  it('orders the deportation of detained foreigners, copying nationality and sex from detention', () => {
    given([]).when(order(), ctx()).then([ordered()]);
  });

  it('rejects an order that already exists', () => {
    given([ordered()]).when(order(), ctx()).thenThrows(RuleViolationError, 'deportation-already-exists');
  });

  it('rejects an empty deportation id', () => {
    given([])
      .when(order(undefined, { deportationId: '' }), ctx())
      .thenThrows(RuleViolationError, 'invalid-id');
  });

  it('rejects an order by an agency that is not the immigration department', () => {
    given([]).when(order(), ctx('police-kh-18')).thenThrows(RuleViolationError, 'agency-not-immigration');
    given([]).when(order(), ctx('nowhere')).thenThrows(RuleViolationError, 'unknown-agency');
  });

  it('rejects an order from an operation that does not exist, or is not the one in context', () => {
    given([])
      .when(order(), ctx(GDI, { status: 'none' }))
      .thenThrows(AggregateNotFoundError, 'operation-not-found');
    given([])
      .when(order(undefined, { operationId: 'op-9' }), ctx())
      .thenThrows(RuleViolationError, 'operation-mismatch');
  });

  it('rejects an unknown legal ground', () => {
    given([])
      .when(
        order(undefined, { legalGround: 'bad-attitude' as OrderDeportation['data']['legalGround'] }),
        ctx(),
      )
      .thenThrows(RuleViolationError, 'unknown-legal-ground');
  });

  it('rejects an order dated in the future', () => {
    given([])
      .when(order(undefined, { occurredAt: '2022-10-01T00:00:00Z' }), ctx())
      .thenThrows(RuleViolationError, 'date-in-future');
  });

  it('rejects an order naming nobody, or someone twice', () => {
    given([]).when(order([]), ctx()).thenThrows(RuleViolationError, 'no-persons');
    given([])
      .when(order(['p1', 'p1']), ctx())
      .thenThrows(RuleViolationError, 'duplicate-person');
  });

  it('rejects a person never detained in the operation, victims included', () => {
    given([])
      .when(order(['p1', 'stranger']), ctx())
      .thenThrows(RuleViolationError, 'person-never-detained');
    given([])
      .when(order(['v1']), ctx())
      .thenThrows(RuleViolationError, 'person-never-detained');
  });

  it('rejects the deportation of a Cambodian national', () => {
    given([])
      .when(order(['p4']), ctx())
      .thenThrows(RuleViolationError, 'not-a-foreigner');
  });

  it('rejects a deportation for a detainee who was released', () => {
    given([])
      .when(order(['p5']), ctx())
      .thenThrows(RuleViolationError, 'detainee-released');
  });
});

describe('ExecuteDeportation', () => {
  it('executes a first batch through a checkpoint, counting by nationality and sex', () => {
    const state = given([ordered()])
      .when(execute('prek-chak', ['p3', 'p2']), ctx())
      .then([executed('prek-chak', ['p3', 'p2'], [group('VNM', 'female', 1), group('VNM', 'male', 1)])]);
    expect(state.status).toBe('partially-executed');
  });

  it('executes the last batch through another checkpoint, completing the order', () => {
    const state = given([
      ordered(),
      executed('prek-chak', ['p2', 'p3'], [group('VNM', 'female', 1), group('VNM', 'male', 1)]),
    ])
      .when(execute('pnh-airport', ['p1']), ctx())
      .then([executed('pnh-airport', ['p1'], [group('CHN', 'male', 1)])]);
    expect(state.status).toBe('executed');
  });

  it('sorts the counts by nationality, then sex', () => {
    given([ordered()])
      .when(execute('bavet', ['p3', 'p1', 'p2']), ctx())
      .then([
        executed(
          'bavet',
          ['p3', 'p1', 'p2'],
          [group('CHN', 'male', 1), group('VNM', 'female', 1), group('VNM', 'male', 1)],
        ),
      ]);
  });

  it('rejects executing an order that does not exist', () => {
    given([])
      .when(execute('bavet', ['p1']), ctx())
      .thenThrows(AggregateNotFoundError, 'deportation-not-found');
  });

  it('rejects executing a cancelled order', () => {
    given([ordered(), cancelled()])
      .when(execute('bavet', ['p1']), ctx())
      .thenThrows(RuleViolationError, 'deportation-cancelled');
  });

  it('rejects a further execution once everyone has been deported', () => {
    given([ordered([deportee('p1', 'CHN')]), executed('pnh-airport', ['p1'], [group('CHN', 'male', 1)])])
      .when(execute('pnh-airport', ['p1']), ctx())
      .thenThrows(RuleViolationError, 'deportation-already-executed');
  });

  it('rejects an execution by an agency that is not the immigration department', () => {
    given([ordered()])
      .when(execute('bavet', ['p1']), ctx('police-kh-18'))
      .thenThrows(RuleViolationError, 'agency-not-immigration');
  });

  it('rejects an execution date in the future, malformed or before the order', () => {
    given([ordered()])
      .when(execute('bavet', ['p1'], { executedOn: '2022-10-01' }), ctx())
      .thenThrows(RuleViolationError, 'date-in-future');
    given([ordered()])
      .when(execute('bavet', ['p1'], { executedOn: '23 Sept' }), ctx())
      .thenThrows(RuleViolationError, 'invalid-date');
    given([ordered()])
      .when(execute('bavet', ['p1'], { executedOn: '2022-09-21' }), ctx())
      .thenThrows(RuleViolationError, 'executed-before-order');
    given([ordered()])
      .when(execute('bavet', ['p1'], { occurredAt: '2022-10-01T00:00:00Z' }), ctx())
      .thenThrows(RuleViolationError, 'date-in-future');
  });

  it('rejects an unknown checkpoint', () => {
    given([ordered()])
      .when(execute('heathrow', ['p1']), ctx())
      .thenThrows(RuleViolationError, 'unknown-checkpoint');
  });

  it('rejects an execution naming nobody, or someone twice', () => {
    given([ordered()]).when(execute('bavet', []), ctx()).thenThrows(RuleViolationError, 'no-persons');
    given([ordered()])
      .when(execute('bavet', ['p1', 'p1']), ctx())
      .thenThrows(RuleViolationError, 'duplicate-person');
  });

  it('rejects a person not named in the order', () => {
    given([ordered()])
      .when(execute('bavet', ['p1', 'p5']), ctx())
      .thenThrows(RuleViolationError, 'person-not-in-order');
  });

  it('rejects deporting a person a second time', () => {
    given([ordered(), executed('pnh-airport', ['p1'], [group('CHN', 'male', 1)])])
      .when(execute('bavet', ['p2', 'p1']), ctx())
      .thenThrows(RuleViolationError, 'already-deported');
  });
});

describe('CancelDeportation', () => {
  it('cancels an order before anyone is deported', () => {
    given([ordered()]).when(cancel(), ctx()).then([cancelled()]);
  });

  it('rejects cancelling an order that does not exist', () => {
    given([]).when(cancel(), ctx()).thenThrows(AggregateNotFoundError, 'deportation-not-found');
  });

  it('rejects cancelling once an execution has started', () => {
    given([ordered(), executed('pnh-airport', ['p1'], [group('CHN', 'male', 1)])])
      .when(cancel(), ctx())
      .thenThrows(RuleViolationError, 'deportation-execution-started');
  });

  it('rejects cancelling twice', () => {
    given([ordered(), cancelled()])
      .when(cancel(), ctx())
      .thenThrows(RuleViolationError, 'deportation-cancelled');
  });

  it('rejects a cancellation by an agency that is not the immigration department', () => {
    given([ordered()]).when(cancel(), ctx('csd')).thenThrows(RuleViolationError, 'agency-not-immigration');
  });

  it('rejects a cancellation dated before the order, or without a reason', () => {
    given([ordered()])
      .when(cancel({ occurredAt: '2022-09-21T00:00:00Z' }), ctx())
      .thenThrows(RuleViolationError, 'cancelled-before-order');
    given([ordered()])
      .when(cancel({ reason: '' }), ctx())
      .thenThrows(RuleViolationError, 'required-text');
  });
});

describe('evolving a deportation', () => {
  it('starts with no deportation', () => {
    expect(deportationDecider.initialState).toEqual({ status: 'none' });
  });

  it('DeportationOrdered records the order and its persons, none deported', () => {
    const state = fold(deportationDecider, [ordered()]);
    expect(state).toMatchObject({
      status: 'ordered',
      deportationId: 'dep-1',
      orderedBy: GDI,
      legalGround: 'overstay',
      orderedAt: T_ORDER,
      deportedCount: 0,
    });
    if (state.status === 'none') throw new Error('unreachable');
    expect(state.persons.get('p2')).toEqual(deportee('p2', 'VNM', 'female'));
  });

  it('DeportationExecuted marks persons deported, partially then fully', () => {
    const partly = fold(deportationDecider, [
      ordered(),
      executed('prek-chak', ['p2'], [group('VNM', 'female', 1)]),
    ]);
    if (partly.status === 'none') throw new Error('unreachable');
    expect(partly.status).toBe('partially-executed');
    expect(partly.deportedCount).toBe(1);
    expect(partly.persons.get('p2')?.deported).toEqual({ checkpoint: 'prek-chak', executedOn: '2022-09-23' });
    const fully = deportationDecider.evolve(partly, executed('pnh-airport', ['p1', 'p3'], []));
    expect(fully).toMatchObject({ status: 'executed', deportedCount: 3 });
  });

  it('ignores, in an execution, persons not in the order or already deported', () => {
    const state = fold(deportationDecider, [
      ordered(),
      executed('prek-chak', ['p2'], []),
      executed('bavet', ['p2', 'ghost'], []),
    ]);
    if (state.status === 'none') throw new Error('unreachable');
    expect(state.deportedCount).toBe(1);
    expect(state.persons.get('p2')?.deported?.checkpoint).toBe('prek-chak');
  });

  it('DeportationCancelled cancels the order with its reason', () => {
    expect(fold(deportationDecider, [ordered(), cancelled('court order')])).toMatchObject({
      status: 'cancelled',
      cancellation: { reason: 'court order', cancelledAt: T_EXEC },
    });
  });

  it('ignores events on a deportation never ordered, and a second order', () => {
    for (const event of [executed('bavet', ['p1'], []), cancelled()]) {
      expect(fold(deportationDecider, [event])).toEqual({ status: 'none' });
    }
    const twice = fold(deportationDecider, [ordered(), ordered([deportee('p1', 'CHN')])]);
    expect(twice.status !== 'none' && twice.persons.size).toBe(3);
  });
});

describe('deportation invariants over random batches', () => {
  const everyone = ['p1', 'p2', 'p3'];
  const checkpoint = fc.constantFrom('pnh-airport', 'prek-chak', 'bavet', 'poipet');

  it('never deports a person twice; the order is executed exactly when everyone has left', () => {
    fc.assert(
      fc.property(
        fc.array(fc.tuple(checkpoint, fc.subarray(everyone, { minLength: 1 })), { maxLength: 8 }),
        (batches) => {
          const events: DeportationEvent[] = [ordered()];
          for (const [cp, persons] of batches) {
            try {
              events.push(
                ...deportationDecider.decide(execute(cp, persons), fold(deportationDecider, events), ctx()),
              );
            } catch (error) {
              expect(error).toBeInstanceOf(DomainError);
            }
          }
          const executions = events.filter((e): e is DeportationExecuted => e.type === 'DeportationExecuted');
          const deported = executions.flatMap((e) => e.data.persons);
          expect(new Set(deported).size).toBe(deported.length);
          for (const e of executions) {
            expect(e.data.byNationality.reduce((n, g) => n + g.count, 0)).toBe(e.data.persons.length);
          }
          const state = fold(deportationDecider, events);
          expect(state.status === 'executed').toBe(deported.length === everyone.length);
        },
      ),
    );
  });
});
