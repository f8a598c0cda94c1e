import { describe, expect, it } from '@jest/globals';
import fc from 'fast-check';
import { fold } from '../shared/decider.js';
import {
  AgencyNotPermittedError,
  AggregateNotFoundError,
  DomainError,
  RuleViolationError,
} from '../shared/errors.js';
import { spec } from '../shared/given-when-then.spec-helper.js';
import {
  ctx as operationCtx,
  detained,
  NOW,
  operationFrom,
  OP,
  closed,
  POLICE,
  released,
  suspect,
  victim,
  victimsIdentified,
  withRaid,
  joined,
} from '../joint-operation/joint-operation.spec-helper.js';
import type { JointOperationState } from '../joint-operation/joint-operation.state.js';
import type {
  DismissCase,
  GrantCaseAccess,
  OpenCase,
  RevokeCaseAccess,
  SealCase,
  SendCaseToCourt,
  UnsealCase,
} from './case.commands.js';
import { caseDecider } from './case.decider.js';
import type {
  CaseAccessGranted,
  CaseAccessRevoked,
  CaseDismissed,
  CaseEvent,
  CaseOpened,
  CaseParty,
  CaseSealed,
  CaseSentToCourt,
} from './case.events.js';
import type { CaseDecideContext } from './case.state.js';

const AHTJP = 'ahtjp-kh-18';
const T_OPEN = '2022-09-23T03:00:00.000Z';
const T_SEND = '2022-09-26T03:00:00.000Z';

/** Raid r1 with detainees p1 (CHN), p2 (KHM), p3 (VNM, released); victims v1 (VNM, minor), v2 (THA). */
const operation = operationFrom([
  ...withRaid,
  joined(AHTJP),
  detained('r1', [
    suspect('p1', 'CHN', 'human-trafficking'),
    suspect('p2', 'KHM', 'human-trafficking'),
    suspect('p3', 'VNM', 'prostitution', 'female'),
  ]),
  released('p3'),
  victimsIdentified([victim('v1', 'VNM', true), victim('v2', 'THA')]),
]);

const ctx = (agencyId = AHTJP, op: JointOperationState = operation): CaseDecideContext => ({
  ...operationCtx(agencyId, NOW),
  operation: op,
});

const party = (
  personId: string,
  nationality: string,
  sex: CaseParty['sex'] = 'male',
  minor = false,
): CaseParty => ({
  personId,
  nationality,
  sex,
  minor,
});

const opened = (overrides: Partial<CaseOpened['data']> = {}): CaseOpened => ({
  type: 'CaseOpened',
  schemaVersion: 1,
  data: {
    caseId: 'case-1',
    operationId: OP,
    openedBy: AHTJP,
    offences: ['human-trafficking'],
    suspects: [party('p1', 'CHN'), party('p2', 'KHM')],
    victims: [party('v1', 'VNM', 'female', true)],
    occurredAt: T_OPEN,
    ...overrides,
  },
});
const sent = (suspectsSent: string[], foreignersSent: number, occurredAt = T_SEND): CaseSentToCourt => ({
  type: 'CaseSentToCourt',
  schemaVersion: 1,
  data: {
    caseId: 'case-1',
    courtId: 'court-kh-18',
    prosecutorId: 'prosecutor-kh-18',
    suspectsSent,
    foreignersSent,
    occurredAt,
  },
});
const dismissed = (reason = 'no evidence'): CaseDismissed => ({
  type: 'CaseDismissed',
  schemaVersion: 1,
  data: { caseId: 'case-1', reason, occurredAt: T_SEND },
});

type Data<C extends { data: object }> = Partial<{ -readonly [K in keyof C['data']]: C['data'][K] }>;
const open = (d: Data<OpenCase> = {}): OpenCase => ({
  type: 'OpenCase',
  data: {
    caseId: 'case-1',
    operationId: OP,
    offences: ['human-trafficking'],
    suspectIds: ['p1', 'p2'],
    victimIds: ['v1'],
    occurredAt: T_OPEN,
    ...d,
  },
});
const send = (suspectIds: string[], d: Data<SendCaseToCourt> = {}): SendCaseToCourt => ({
  type: 'SendCaseToCourt',
  data: {
    caseId: 'case-1',
    courtId: 'court-kh-18',
    prosecutorId: 'prosecutor-kh-18',
    suspectIds,
    occurredAt: T_SEND,
    ...d,
  },
});
const dismiss = (d: Data<DismissCase> = {}): DismissCase => ({
  type: 'DismissCase',
  data: { caseId: 'case-1', reason: 'no evidence', occurredAt: T_SEND, ...d },
});

const given = spec(caseDecider).given;

describe('OpenCase', () => {
  it('opens a case, copying the suspects’ and victims’ facts from the operation’s records', () => {
    given([]).when(open(), ctx()).then([opened()]);
  });

  it('opens a case against a detainee who was released: release ends detention, not prosecution', () => {
    given([])
      .when(open({ suspectIds: ['p3'], victimIds: [] }), ctx())
      .then([opened({ suspects: [party('p3', 'VNM', 'female')], victims: [] })]);
  });

  it('opens a case from a closed operation', () => {
    const closedOp = operationFrom([...withRaid, joined(AHTJP), closed()]);
    given([])
      .when(open({ suspectIds: [], victimIds: [] }), ctx(AHTJP, closedOp))
      .then([opened({ suspects: [], victims: [] })]);
  });

  it('rejects opening a case that already exists', () => {
    given([opened()]).when(open(), ctx()).thenThrows(RuleViolationError, 'case-already-exists');
  });

  it('rejects an empty case id', () => {
    given([])
      .when(open({ caseId: '' }), ctx())
      .thenThrows(RuleViolationError, 'invalid-id');
  });

  it('rejects a case from an operation that does not exist', () => {
    given([])
      .when(open(), ctx(AHTJP, { status: 'none' }))
      .thenThrows(AggregateNotFoundError, 'operation-not-found');
  });

  it('rejects a context holding another operation than the command names', () => {
    given([])
      .when(open({ operationId: 'op-2' }), ctx())
      .thenThrows(RuleViolationError, 'operation-mismatch');
  });

  it('rejects a case opened by an agency that did not participate in the operation', () => {
    given([]).when(open(), ctx('dacg')).thenThrows(RuleViolationError, 'agency-not-participating');
  });

  it('rejects a case dated in the future or before the operation', () => {
    given([])
      .when(open({ occurredAt: '2022-10-01T00:00:00Z' }), ctx())
      .thenThrows(RuleViolationError, 'date-in-future');
    given([])
      .when(open({ occurredAt: '2022-09-01T00:00:00Z' }), ctx())
      .thenThrows(RuleViolationError, 'occurred-before-operation-planned');
  });

  it('rejects a case without offences, with an unknown offence or the same offence twice', () => {
    given([])
      .when(open({ offences: [] }), ctx())
      .thenThrows(RuleViolationError, 'no-offences');
    given([])
      .when(open({ offences: ['witchcraft'] }), ctx())
      .thenThrows(RuleViolationError, 'unknown-offence');
    given([])
      .when(open({ offences: ['fraud', 'fraud'] }), ctx())
      .thenThrows(RuleViolationError, 'duplicate-offence');
  });

  it('rejects a suspect who was not detained in the operation, a victim included', () => {
    given([])
      .when(open({ suspectIds: ['p1', 'stranger'] }), ctx())
      .thenThrows(RuleViolationError, 'suspect-not-detained');
    given([])
      .when(open({ suspectIds: ['v1'] }), ctx())
      .thenThrows(RuleViolationError, 'suspect-not-detained');
  });

  it('rejects a victim who was not identified in the operation, a suspect included', () => {
    given([])
      .when(open({ victimIds: ['p1'] }), ctx())
      .thenThrows(RuleViolationError, 'victim-not-identified');
  });

  it('rejects a suspect or victim named twice', () => {
    given([])
      .when(open({ suspectIds: ['p1', 'p1'] }), ctx())
      .thenThrows(RuleViolationError, 'duplicate-person');
    given([])
      .when(open({ victimIds: ['v1', 'v1'] }), ctx())
      .thenThrows(RuleViolationError, 'duplicate-person');
  });
});

describe('SendCaseToCourt', () => {
  it('sends suspects to court and counts the foreigners among them', () => {
    given([opened()])
      .when(send(['p1', 'p2']), ctx())
      .then([sent(['p1', 'p2'], 1)]);
  });

  it('sends the remaining suspects later, while the case is before the court', () => {
    const state = given([opened(), sent(['p1'], 1)])
      .when(send(['p2']), ctx())
      .then([sent(['p2'], 0)]);
    expect(state.status).toBe('sent-to-court');
  });

  it('rejects sending a case that does not exist', () => {
    given([])
      .when(send(['p1']), ctx())
      .thenThrows(AggregateNotFoundError, 'case-not-found');
  });

  it('rejects sending a dismissed case', () => {
    given([opened(), dismissed()])
      .when(send(['p1']), ctx())
      .thenThrows(RuleViolationError, 'case-not-open');
  });

  it('rejects a send by another agency than the one that opened the case', () => {
    given([opened()])
      .when(send(['p1']), ctx(POLICE))
      .thenThrows(RuleViolationError, 'not-case-agency');
  });

  it('rejects a send dated before the case was opened', () => {
    given([opened()])
      .when(send(['p1'], { occurredAt: '2022-09-22T00:00:00Z' }), ctx())
      .thenThrows(RuleViolationError, 'occurred-before-case-opened');
  });

  it('rejects a court that is not a court and a prosecutor that is not a prosecutor', () => {
    given([opened()])
      .when(send(['p1'], { courtId: 'prosecutor-kh-18' }), ctx())
      .thenThrows(RuleViolationError, 'not-a-court');
    given([opened()])
      .when(send(['p1'], { prosecutorId: 'court-kh-18' }), ctx())
      .thenThrows(RuleViolationError, 'not-a-prosecutor');
    given([opened()])
      .when(send(['p1'], { courtId: 'court-kh-99' }), ctx())
      .thenThrows(RuleViolationError, 'unknown-agency');
  });

  it('rejects a send naming no suspect, or one twice', () => {
    given([opened()]).when(send([]), ctx()).thenThrows(RuleViolationError, 'no-persons');
    given([opened()])
      .when(send(['p1', 'p1']), ctx())
      .thenThrows(RuleViolationError, 'duplicate-person');
  });

  it('rejects a person who is not a suspect of the case', () => {
    given([opened()])
      .when(send(['p3']), ctx())
      .thenThrows(RuleViolationError, 'suspect-not-in-case');
    given([opened()])
      .when(send(['v1']), ctx())
      .thenThrows(RuleViolationError, 'suspect-not-in-case');
  });

  it('rejects a suspect already sent to court', () => {
    given([opened(), sent(['p1'], 1)])
      .when(send(['p2', 'p1']), ctx())
      .thenThrows(RuleViolationError, 'suspect-already-sent');
  });
});

describe('DismissCase', () => {
  it('dismisses an open case with a reason', () => {
    given([opened()]).when(dismiss(), ctx()).then([dismissed()]);
  });

  it('rejects dismissing a case that does not exist', () => {
    given([]).when(dismiss(), ctx()).thenThrows(AggregateNotFoundError, 'case-not-found');
  });

  it('rejects dismissing a case already before the court, or already dismissed', () => {
    given([opened(), sent(['p1'], 1)])
      .when(dismiss(), ctx())
      .thenThrows(RuleViolationError, 'case-not-open');
    given([opened(), dismissed()]).when(dismiss(), ctx()).thenThrows(RuleViolationError, 'case-not-open');
  });

  it('rejects a dismissal by another agency than the one that opened the case', () => {
    given([opened()]).when(dismiss(), ctx(POLICE)).thenThrows(RuleViolationError, 'not-case-agency');
  });

  it('rejects a dismissal without a reason or dated in the future', () => {
    given([opened()])
      .when(dismiss({ reason: '' }), ctx())
      .thenThrows(RuleViolationError, 'required-text');
    given([opened()])
      .when(dismiss({ occurredAt: '2023-01-01T00:00:00Z' }), ctx())
      .thenThrows(RuleViolationError, 'date-in-future');
  });
});

describe('evolving a case', () => {
  it('starts with no case', () => {
    expect(caseDecider.initialState).toEqual({ status: 'none' });
  });

  it('CaseOpened opens the case with its parties by id', () => {
    const state = fold(caseDecider, [opened()]);
    expect(state).toMatchObject({
      status: 'open',
      caseId: 'case-1',
      operationId: OP,
      openedBy: AHTJP,
      openedAt: T_OPEN,
    });
    if (state.status === 'none') throw new Error('unreachable');
    expect([...state.suspects.keys()]).toEqual(['p1', 'p2']);
    expect(state.victims.get('v1')).toEqual(party('v1', 'VNM', 'female', true));
    expect(state.sentToCourt.size).toBe(0);
  });

  it('CaseSentToCourt marks the suspects sent, with court, prosecutor and date', () => {
    const state = fold(caseDecider, [opened(), sent(['p1'], 1)]);
    if (state.status === 'none') throw new Error('unreachable');
    expect(state.status).toBe('sent-to-court');
    expect(state.sentToCourt.get('p1')).toEqual({
      courtId: 'court-kh-18',
      prosecutorId: 'prosecutor-kh-18',
      sentAt: T_SEND,
    });
    expect(state.sentToCourt.has('p2')).toBe(false);
  });

  it('CaseDismissed dismisses the case with its reason', () => {
    expect(fold(caseDecider, [opened(), dismissed('withdrawn')])).toMatchObject({
      status: 'dismissed',
      dismissal: { reason: 'withdrawn', dismissedAt: T_SEND },
    });
  });

  it('ignores events on a case never opened, and a second CaseOpened', () => {
    for (const event of [sent(['p1'], 1), dismissed()])
      expect(fold(caseDecider, [event])).toEqual({ status: 'none' });
    const state = fold(caseDecider, [opened(), opened({ openedBy: 'dacg' })]);
    expect(state).toMatchObject({ openedBy: AHTJP });
  });
});

describe('case invariants over random sends', () => {
  it('never sends a suspect twice, and counts exactly the foreigners sent', () => {
    const suspects = ['p1', 'p2'];
    fc.assert(
      fc.property(fc.array(fc.subarray(suspects, { minLength: 1 }), { maxLength: 6 }), (batches) => {
        const events: CaseEvent[] = [opened()];
        for (const batch of batches) {
          try {
            events.push(...caseDecider.decide(send(batch), fold(caseDecider, events), ctx()));
          } catch (error) {
            expect(error).toBeInstanceOf(DomainError);
          }
        }
        const sends = events.filter((e): e is CaseSentToCourt => e.type === 'CaseSentToCourt');
        const everySent = sends.flatMap((e) => e.data.suspectsSent);
        expect(new Set(everySent).size).toBe(everySent.length);
        expect(sends.reduce((n, e) => n + e.data.foreignersSent, 0)).toBe(
          everySent.filter((p) => p === 'p1').length,
        );
      }),
    );
  });
});

describe('need-to-know: sealing and access grants', () => {
  const T_GRANT = '2022-09-27T03:00:00.000Z';
  const GDI = 'gdi';
  const grant = (agencyId = GDI, d: Data<GrantCaseAccess> = {}): GrantCaseAccess => ({
    type: 'GrantCaseAccess',
    data: { caseId: 'case-1', agencyId, reason: 'deportation of the victims', occurredAt: T_GRANT, ...d },
  });
  const revoke = (agencyId = GDI): RevokeCaseAccess => ({
    type: 'RevokeCaseAccess',
    data: { caseId: 'case-1', agencyId, reason: 'deportation done', occurredAt: T_GRANT },
  });
  const granted = (agencyId = GDI): CaseAccessGranted => ({
    type: 'CaseAccessGranted',
    schemaVersion: 1,
    data: {
      caseId: 'case-1',
      agencyId,
      grantedBy: AHTJP,
      reason: 'deportation of the victims',
      occurredAt: T_GRANT,
    },
  });
  const revoked = (agencyId = GDI): CaseAccessRevoked => ({
    type: 'CaseAccessRevoked',
    schemaVersion: 1,
    data: { caseId: 'case-1', agencyId, revokedBy: AHTJP, reason: 'deportation done', occurredAt: T_GRANT },
  });
  const seal = (): SealCase => ({
    type: 'SealCase',
    data: { caseId: 'case-1', reason: 'minors among the victims', occurredAt: T_GRANT },
  });
  const unseal = (): UnsealCase => ({
    type: 'UnsealCase',
    data: { caseId: 'case-1', reason: 'court order', occurredAt: T_GRANT },
  });
  const sealed = (): CaseSealed => ({
    type: 'CaseSealed',
    schemaVersion: 1,
    data: { caseId: 'case-1', sealedBy: AHTJP, reason: 'minors among the victims', occurredAt: T_GRANT },
  });

  it('the case agency grants an agency access, and the grant is in the state', () => {
    const state = given([opened()]).when(grant(), ctx()).then([granted()]);
    expect(state).toMatchObject({ grants: new Map([[GDI, T_GRANT]]) });
  });

  it('the case agency revokes a grant, and the grant is gone', () => {
    const state = given([opened(), granted()]).when(revoke(), ctx()).then([revoked()]);
    expect(state).toMatchObject({ grants: new Map() });
  });

  it('grants stay possible on a dismissed case: its victims’ records still need protecting', () => {
    given([opened(), dismissed()]).when(grant(), ctx()).then([granted()]);
  });

  it('only the case agency grants, revokes, seals or unseals', () => {
    given([opened()]).when(grant(), ctx(POLICE)).thenThrows(AgencyNotPermittedError, 'not-case-agency');
    given([opened(), granted()])
      .when(revoke(), ctx(POLICE))
      .thenThrows(AgencyNotPermittedError, 'not-case-agency');
    given([opened()]).when(seal(), ctx(POLICE)).thenThrows(AgencyNotPermittedError, 'not-case-agency');
    given([opened(), sealed()])
      .when(unseal(), ctx(POLICE))
      .thenThrows(AgencyNotPermittedError, 'not-case-agency');
  });

  it('refuses a grant to an unknown agency, to the case agency itself, or twice', () => {
    given([opened()]).when(grant('no-such-agency'), ctx()).thenThrows(RuleViolationError, 'unknown-agency');
    given([opened()]).when(grant(AHTJP), ctx()).thenThrows(RuleViolationError, 'grant-to-case-agency');
    given([opened(), granted()])
      .when(grant(), ctx())
      .thenThrows(RuleViolationError, 'access-already-granted');
  });

  it('refuses to revoke a grant that was never made, or was revoked already', () => {
    given([opened()]).when(revoke(), ctx()).thenThrows(RuleViolationError, 'access-not-granted');
    given([opened(), granted(), revoked()])
      .when(revoke(), ctx())
      .thenThrows(RuleViolationError, 'access-not-granted');
  });

  it('seals and unseals, each once', () => {
    expect(given([opened()]).when(seal(), ctx()).then([sealed()])).toMatchObject({ sealed: true });
    given([opened(), sealed()]).when(seal(), ctx()).thenThrows(RuleViolationError, 'case-already-sealed');
    given([opened()]).when(unseal(), ctx()).thenThrows(RuleViolationError, 'case-not-sealed');
    const state = given([opened(), sealed()])
      .when(unseal(), ctx())
      .then([
        {
          type: 'CaseUnsealed',
          schemaVersion: 1,
          data: { caseId: 'case-1', unsealedBy: AHTJP, reason: 'court order', occurredAt: T_GRANT },
        },
      ]);
    expect(state).toMatchObject({ sealed: false });
  });

  it('refuses all of it on a case that does not exist', () => {
    given([]).when(grant(), ctx()).thenThrows(AggregateNotFoundError);
    given([]).when(seal(), ctx()).thenThrows(AggregateNotFoundError);
  });

  it('refuses a grant dated before the case was opened', () => {
    given([opened()])
      .when(grant(GDI, { occurredAt: '2022-09-01T00:00:00.000Z' }), ctx())
      .thenThrows(RuleViolationError, 'occurred-before-case-opened');
  });
});
