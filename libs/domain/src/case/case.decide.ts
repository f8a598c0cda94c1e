import { assertNever } from '../shared/decider.js';
import { AgencyNotPermittedError, AggregateNotFoundError, RuleViolationError } from '../shared/errors.js';
import type { IsoDateTime } from '../shared/event.js';
import { STREAM_CATEGORIES } from '../shared/streams.js';
import { requireDistinctPersons, requireId, requirePastInstant, requireText } from '../shared/validation.js';
import { isForeigner } from '../reference-data/nationalities.js';
import { requireAgency, requireAgencyOfKind, requireOffenceList } from '../reference-data/rules.js';
import { requireOperationOf } from '../joint-operation/joint-operation.queries.js';
import type {
  CaseCommand,
  DismissCase,
  GrantCaseAccess,
  OpenCase,
  RevokeCaseAccess,
  SealCase,
  SendCaseToCourt,
  UnsealCase,
} from './case.commands.js';
import type {
  CaseAccessGranted,
  CaseAccessRevoked,
  CaseDismissed,
  CaseEvent,
  CaseOpened,
  CaseParty,
  CaseSealed,
  CaseSentToCourt,
  CaseUnsealed,
} from './case.events.js';
import type { CaseDecideContext, CaseState, ExistingCase } from './case.state.js';

export function decideCase(command: CaseCommand, state: CaseState, ctx: CaseDecideContext): CaseEvent[] {
  switch (command.type) {
    case 'OpenCase':
      return [open(command, state, ctx)];
    case 'SendCaseToCourt':
      return [sendToCourt(command, state, ctx)];
    case 'DismissCase':
      return [dismiss(command, state, ctx)];
    case 'SealCase':
      return [seal(command, state, ctx)];
    case 'UnsealCase':
      return [unseal(command, state, ctx)];
    case 'GrantCaseAccess':
      return [grantAccess(command, state, ctx)];
    case 'RevokeCaseAccess':
      return [revokeAccess(command, state, ctx)];
    default:
      return assertNever(command, 'case command');
  }
}

function requireCase(state: CaseState, caseId: string): ExistingCase {
  if (state.status === 'none') throw new AggregateNotFoundError(STREAM_CATEGORIES.case, caseId);
  return state;
}

/** Rule: 'not-case-agency' — the agency that built the case decides where it goes. */
function requireCaseAgency(c: ExistingCase, ctx: CaseDecideContext, action: string): void {
  if (ctx.actor.agencyId !== c.openedBy) {
    throw new AgencyNotPermittedError(
      'not-case-agency',
      `only ${c.openedBy}, which opened case ${c.caseId}, may ${action} it; ${ctx.actor.agencyId} may not`,
      { caseId: c.caseId, openedBy: c.openedBy, actorAgencyId: ctx.actor.agencyId },
    );
  }
}

/** Rules: 'invalid-date', 'date-in-future', 'occurred-before-case-opened'. */
function requireCaseTime(c: ExistingCase, value: unknown, ctx: CaseDecideContext): IsoDateTime {
  const occurredAt = requirePastInstant(value, ctx.now);
  if (occurredAt < c.openedAt) {
    throw new RuleViolationError(
      'occurred-before-case-opened',
      `occurredAt ${occurredAt} is before case ${c.caseId} was opened (${c.openedAt})`,
      { occurredAt, openedAt: c.openedAt },
    );
  }
  return occurredAt;
}

function open(command: OpenCase, state: CaseState, ctx: CaseDecideContext): CaseOpened {
  const d = command.data;
  if (state.status !== 'none') {
    throw new RuleViolationError('case-already-exists', `case ${state.caseId} is already open`, {
      caseId: state.caseId,
    });
  }
  const caseId = requireId(d.caseId, 'caseId');
  const op = requireOperationOf(ctx.operation, d.operationId);
  if (!op.participants.has(ctx.actor.agencyId)) {
    throw new AgencyNotPermittedError(
      'agency-not-participating',
      `agency ${ctx.actor.agencyId} did not participate in operation ${op.operationId} and cannot open a case from it`,
      { operationId: op.operationId, agencyId: ctx.actor.agencyId },
    );
  }
  const occurredAt = requirePastInstant(d.occurredAt, ctx.now);
  if (occurredAt < op.plannedAt) {
    throw new RuleViolationError(
      'occurred-before-operation-planned',
      `occurredAt ${occurredAt} is before operation ${op.operationId} was planned (${op.plannedAt})`,
      { occurredAt, plannedAt: op.plannedAt },
    );
  }
  const offences = requireOffenceList(d.offences);

  requireDistinctPersons(d.suspectIds, 'suspectIds');
  const suspects: CaseParty[] = d.suspectIds.map((personId) => {
    const detainee = op.detainees.get(personId);
    if (!detainee) {
      throw new RuleViolationError(
        'suspect-not-detained',
        `person ${personId} was not detained in operation ${op.operationId} and cannot be a suspect of a case from it`,
        { personId, operationId: op.operationId },
      );
    }
    return { personId, nationality: detainee.nationality, sex: detainee.sex, minor: detainee.minor };
  });

  requireDistinctPersons(d.victimIds, 'victimIds');
  const victims: CaseParty[] = d.victimIds.map((personId) => {
    const victim = op.victims.get(personId);
    if (!victim) {
      throw new RuleViolationError(
        'victim-not-identified',
        `person ${personId} was not identified as a victim in operation ${op.operationId}`,
        { personId, operationId: op.operationId },
      );
    }
    return { personId, nationality: victim.nationality, sex: victim.sex, minor: victim.minor };
  });

  return {
    type: 'CaseOpened',
    schemaVersion: 1,
    data: {
      caseId,
      operationId: op.operationId,
      openedBy: ctx.actor.agencyId,
      offences,
      suspects,
      victims,
      occurredAt,
    },
  };
}

/**
 * A case may go to court in several sends (suspects arrested or charged at different times):
 * allowed while the case is open or already sent, never for a suspect sent before, never once dismissed.
 */
function sendToCourt(command: SendCaseToCourt, state: CaseState, ctx: CaseDecideContext): CaseSentToCourt {
  const d = command.data;
  const c = requireCase(state, d.caseId);
  if (c.status === 'dismissed') {
    throw new RuleViolationError(
      'case-not-open',
      `case ${c.caseId} was dismissed and cannot be sent to court`,
      {
        caseId: c.caseId,
        status: c.status,
      },
    );
  }
  requireCaseAgency(c, ctx, 'send');
  const occurredAt = requireCaseTime(c, d.occurredAt, ctx);
  requireAgencyOfKind(d.courtId, 'courtId', 'not-a-court', ['court'], ctx.agencies);
  requireAgencyOfKind(d.prosecutorId, 'prosecutorId', 'not-a-prosecutor', ['prosecutor'], ctx.agencies);
  if (d.suspectIds.length === 0) {
    throw new RuleViolationError('no-persons', 'name at least one suspect to send to court', {
      field: 'suspectIds',
    });
  }
  requireDistinctPersons(d.suspectIds, 'suspectIds');
  let foreignersSent = 0;
  for (const personId of d.suspectIds) {
    const suspect = c.suspects.get(personId);
    if (!suspect) {
      throw new RuleViolationError(
        'suspect-not-in-case',
        `person ${personId} is not a suspect of case ${c.caseId}`,
        {
          personId,
          caseId: c.caseId,
        },
      );
    }
    const sent = c.sentToCourt.get(personId);
    if (sent) {
      throw new RuleViolationError(
        'suspect-already-sent',
        `suspect ${personId} of case ${c.caseId} was already sent to ${sent.courtId} on ${sent.sentAt}`,
        { personId, caseId: c.caseId, courtId: sent.courtId, sentAt: sent.sentAt },
      );
    }
    if (isForeigner(suspect.nationality)) foreignersSent++;
  }
  return {
    type: 'CaseSentToCourt',
    schemaVersion: 1,
    data: {
      caseId: c.caseId,
      courtId: d.courtId,
      prosecutorId: d.prosecutorId,
      suspectsSent: [...d.suspectIds],
      foreignersSent,
      occurredAt,
    },
  };
}

/** Only an open case: once any suspect is before a court, the court decides, not the investigating agency. */
function dismiss(command: DismissCase, state: CaseState, ctx: CaseDecideContext): CaseDismissed {
  const d = command.data;
  const c = requireCase(state, d.caseId);
  if (c.status !== 'open') {
    throw new RuleViolationError(
      'case-not-open',
      `case ${c.caseId} is ${c.status} and can no longer be dismissed`,
      {
        caseId: c.caseId,
        status: c.status,
      },
    );
  }
  requireCaseAgency(c, ctx, 'dismiss');
  const occurredAt = requireCaseTime(c, d.occurredAt, ctx);
  const reason = requireText(d.reason, 'reason');
  return { type: 'CaseDismissed', schemaVersion: 1, data: { caseId: c.caseId, reason, occurredAt } };
}

/**
 * Sealing and need-to-know grants stay with the case's own agency, whatever the case's status:
 * a dismissed or judged case still holds victims' and minors' records.
 * Rules: 'not-case-agency', 'case-already-sealed'.
 */
function seal(command: SealCase, state: CaseState, ctx: CaseDecideContext): CaseSealed {
  const d = command.data;
  const c = requireCase(state, d.caseId);
  requireCaseAgency(c, ctx, 'seal');
  if (c.sealed) {
    throw new RuleViolationError('case-already-sealed', `case ${c.caseId} is already sealed`, {
      caseId: c.caseId,
    });
  }
  const occurredAt = requireCaseTime(c, d.occurredAt, ctx);
  const reason = requireText(d.reason, 'reason');
  return {
    type: 'CaseSealed',
    schemaVersion: 1,
    data: { caseId: c.caseId, sealedBy: ctx.actor.agencyId, reason, occurredAt },
  };
}

/** Rules: 'not-case-agency', 'case-not-sealed'. */
function unseal(command: UnsealCase, state: CaseState, ctx: CaseDecideContext): CaseUnsealed {
  const d = command.data;
  const c = requireCase(state, d.caseId);
  requireCaseAgency(c, ctx, 'unseal');
  if (!c.sealed) {
    throw new RuleViolationError('case-not-sealed', `case ${c.caseId} is not sealed`, { caseId: c.caseId });
  }
  const occurredAt = requireCaseTime(c, d.occurredAt, ctx);
  const reason = requireText(d.reason, 'reason');
  return {
    type: 'CaseUnsealed',
    schemaVersion: 1,
    data: { caseId: c.caseId, unsealedBy: ctx.actor.agencyId, reason, occurredAt },
  };
}

/** Rules: 'not-case-agency', 'unknown-agency', 'grant-to-case-agency', 'access-already-granted'. */
function grantAccess(command: GrantCaseAccess, state: CaseState, ctx: CaseDecideContext): CaseAccessGranted {
  const d = command.data;
  const c = requireCase(state, d.caseId);
  requireCaseAgency(c, ctx, 'grant access to');
  const agency = requireAgency(d.agencyId, 'agencyId', ctx.agencies);
  if (agency.id === c.openedBy) {
    throw new RuleViolationError(
      'grant-to-case-agency',
      `${agency.id} opened case ${c.caseId} and needs no grant`,
      { caseId: c.caseId, agencyId: agency.id },
    );
  }
  if (c.grants.has(agency.id)) {
    throw new RuleViolationError(
      'access-already-granted',
      `${agency.id} already has need-to-know access to case ${c.caseId}`,
      { caseId: c.caseId, agencyId: agency.id },
    );
  }
  const occurredAt = requireCaseTime(c, d.occurredAt, ctx);
  const reason = requireText(d.reason, 'reason');
  return {
    type: 'CaseAccessGranted',
    schemaVersion: 1,
    data: { caseId: c.caseId, agencyId: agency.id, grantedBy: ctx.actor.agencyId, reason, occurredAt },
  };
}

/** Rules: 'not-case-agency', 'access-not-granted'. */
function revokeAccess(
  command: RevokeCaseAccess,
  state: CaseState,
  ctx: CaseDecideContext,
): CaseAccessRevoked {
  const d = command.data;
  const c = requireCase(state, d.caseId);
  requireCaseAgency(c, ctx, 'revoke access to');
  if (!c.grants.has(d.agencyId)) {
    throw new RuleViolationError(
      'access-not-granted',
      `${d.agencyId} has no need-to-know access to case ${c.caseId} to revoke`,
      { caseId: c.caseId, agencyId: d.agencyId },
    );
  }
  const occurredAt = requireCaseTime(c, d.occurredAt, ctx);
  const reason = requireText(d.reason, 'reason');
  return {
    type: 'CaseAccessRevoked',
    schemaVersion: 1,
    data: { caseId: c.caseId, agencyId: d.agencyId, revokedBy: ctx.actor.agencyId, reason, occurredAt },
  };
}
