import { assertNever, type DecideContext } from '../shared/decider.js';
import { AggregateNotFoundError, RuleViolationError } from '../shared/errors.js';
import type { IsoDateTime } from '../shared/event.js';
import { STREAM_CATEGORIES } from '../shared/streams.js';
import {
  firstDuplicate,
  requireDistinctPersons,
  requireId,
  requireNonNegativeInteger,
  requirePastInstant,
  requirePositiveInteger,
  requireText,
} from '../shared/validation.js';
import {
  requireAgency,
  requireAgencyOfKind,
  requireNationality,
  requirePersonFacts,
  requireProvince,
} from '../reference-data/rules.js';
import type {
  CloseRescueRequest,
  HandOverToImmigration,
  InvestigateRescueRequest,
  ReceiveRescueRequest,
  RecordVictimsFound,
  RescueRequestCommand,
} from './rescue-request.commands.js';
import type {
  RequestedPersons,
  RescueRequestClosed,
  RescueRequestEvent,
  RescueRequestInvestigated,
  RescueRequestReceived,
  RescueVictimsFound,
  RescueVictimsHandedOver,
} from './rescue-request.events.js';
import type { ExistingRescueRequest, RescueRequestState } from './rescue-request.state.js';

export function decideRescueRequest(
  command: RescueRequestCommand,
  state: RescueRequestState,
  ctx: DecideContext,
): RescueRequestEvent[] {
  switch (command.type) {
    case 'ReceiveRescueRequest':
      return [receive(command, state, ctx)];
    case 'InvestigateRescueRequest':
      return [investigate(command, state, ctx)];
    case 'RecordVictimsFound':
      return [recordVictimsFound(command, state, ctx)];
    case 'HandOverToImmigration':
      return [handOver(command, state, ctx)];
    case 'CloseRescueRequest':
      return [close(command, state, ctx)];
    default:
      return assertNever(command, 'rescue request command');
  }
}

/** Rules: 'unknown-agency', 'agency-retired', 'foreign-mission-cannot-record' — missions ask; Cambodian agencies act. */
function requireCambodianActor(ctx: DecideContext): void {
  const agency = requireAgency(ctx.actor.agencyId, 'actor agency', ctx.agencies);
  if (agency.kind === 'foreign-mission') {
    throw new RuleViolationError(
      'foreign-mission-cannot-record',
      `${agency.name} is a foreign mission: it sends rescue requests but cannot record their handling`,
      { agencyId: agency.id },
    );
  }
}

/** Rules: request exists (404), 'rescue-request-closed'. */
function requireOpenRequest(state: RescueRequestState, requestId: string): ExistingRescueRequest {
  if (state.status === 'none') throw new AggregateNotFoundError(STREAM_CATEGORIES.rescueRequest, requestId);
  if (state.status === 'closed') {
    throw new RuleViolationError('rescue-request-closed', `rescue request ${state.requestId} is closed`, {
      requestId: state.requestId,
      closedAt: state.closure?.closedAt,
    });
  }
  return state;
}

/** Rules: 'invalid-date', 'date-in-future', 'occurred-before-request-received'. */
function requireRequestTime(req: ExistingRescueRequest, value: unknown, ctx: DecideContext): IsoDateTime {
  const occurredAt = requirePastInstant(value, ctx.now);
  if (occurredAt < req.receivedAt) {
    throw new RuleViolationError(
      'occurred-before-request-received',
      `occurredAt ${occurredAt} is before rescue request ${req.requestId} was received (${req.receivedAt})`,
      { occurredAt, receivedAt: req.receivedAt },
    );
  }
  return occurredAt;
}

function receive(
  command: ReceiveRescueRequest,
  state: RescueRequestState,
  ctx: DecideContext,
): RescueRequestReceived {
  const d = command.data;
  if (state.status !== 'none') {
    throw new RuleViolationError(
      'rescue-request-already-exists',
      `rescue request ${state.requestId} is already received`,
      {
        requestId: state.requestId,
      },
    );
  }
  const requestId = requireId(d.requestId, 'requestId');
  requireCambodianActor(ctx);
  requireAgencyOfKind(
    d.fromMissionId,
    'fromMissionId',
    'not-a-foreign-mission',
    ['foreign-mission'],
    ctx.agencies,
  );
  if (d.persons.length === 0) {
    throw new RuleViolationError('no-persons', 'a rescue request names at least one person to rescue', {
      field: 'persons',
    });
  }
  const persons: RequestedPersons[] = d.persons.map((p, i) => ({
    nationality: requireNationality(p.nationality, `persons[${i}].nationality`),
    count: requirePositiveInteger(p.count, `persons[${i}].count`),
  }));
  const duplicate = firstDuplicate(persons.map((p) => p.nationality));
  if (duplicate !== undefined) {
    throw new RuleViolationError(
      'duplicate-nationality',
      `persons lists nationality ${duplicate} twice; give one count per nationality`,
      {
        nationality: duplicate,
      },
    );
  }
  if (d.provinceCode !== undefined) requireProvince(d.provinceCode);
  const occurredAt = requirePastInstant(d.occurredAt, ctx.now);
  return {
    type: 'RescueRequestReceived',
    schemaVersion: 1,
    data: {
      requestId,
      fromMissionId: d.fromMissionId,
      receivedBy: ctx.actor.agencyId,
      persons,
      ...(d.provinceCode !== undefined && { provinceCode: d.provinceCode }),
      occurredAt,
    },
  };
}

/** Several investigations may be recorded (follow-ups); the first makes the request 'investigated'. */
function investigate(
  command: InvestigateRescueRequest,
  state: RescueRequestState,
  ctx: DecideContext,
): RescueRequestInvestigated {
  const d = command.data;
  const req = requireOpenRequest(state, d.requestId);
  requireCambodianActor(ctx);
  const occurredAt = requireRequestTime(req, d.occurredAt, ctx);
  const findings = requireText(d.findings, 'findings');
  return {
    type: 'RescueRequestInvestigated',
    schemaVersion: 1,
    data: { requestId: req.requestId, investigatedBy: ctx.actor.agencyId, findings, occurredAt },
  };
}

function recordVictimsFound(
  command: RecordVictimsFound,
  state: RescueRequestState,
  ctx: DecideContext,
): RescueVictimsFound {
  const d = command.data;
  const req = requireOpenRequest(state, d.requestId);
  if (req.status !== 'investigated') {
    throw new RuleViolationError(
      'request-not-investigated',
      `rescue request ${req.requestId} has not been investigated yet; record the investigation first`,
      { requestId: req.requestId },
    );
  }
  requireCambodianActor(ctx);
  const occurredAt = requireRequestTime(req, d.occurredAt, ctx);
  const victims = d.victims.map((v, i) => requirePersonFacts(v, `victims[${i}]`));
  requireDistinctPersons(
    victims.map((v) => v.personId),
    'victims',
  );
  for (const v of victims) {
    if (req.victims.has(v.personId)) {
      throw new RuleViolationError(
        'victim-already-found',
        `person ${v.personId} is already recorded as found for request ${req.requestId}`,
        {
          personId: v.personId,
        },
      );
    }
  }
  const perpetratorsArrested =
    d.perpetratorsArrested === undefined
      ? undefined
      : requireNonNegativeInteger(d.perpetratorsArrested, 'perpetratorsArrested');
  if (victims.length === 0 && !perpetratorsArrested) {
    throw new RuleViolationError(
      'nothing-found',
      'record at least one victim found or one perpetrator arrested',
      {},
    );
  }
  return {
    type: 'RescueVictimsFound',
    schemaVersion: 1,
    data: {
      requestId: req.requestId,
      victims,
      ...(perpetratorsArrested !== undefined && { perpetratorsArrested }),
      occurredAt,
    },
  };
}

function handOver(
  command: HandOverToImmigration,
  state: RescueRequestState,
  ctx: DecideContext,
): RescueVictimsHandedOver {
  const d = command.data;
  const req = requireOpenRequest(state, d.requestId);
  requireCambodianActor(ctx);
  const occurredAt = requireRequestTime(req, d.occurredAt, ctx);
  requireAgencyOfKind(d.toAgencyId, 'toAgencyId', 'agency-not-immigration', ['immigration'], ctx.agencies);
  if (d.personIds.length === 0) {
    throw new RuleViolationError('no-persons', 'name at least one victim to hand over', {
      field: 'personIds',
    });
  }
  requireDistinctPersons(d.personIds);
  for (const personId of d.personIds) {
    const victim = req.victims.get(personId);
    if (!victim) {
      throw new RuleViolationError(
        'victim-not-found',
        `person ${personId} is not among the victims found for request ${req.requestId}`,
        {
          personId,
        },
      );
    }
    if (victim.handedOverTo !== undefined) {
      throw new RuleViolationError(
        'already-handed-over',
        `victim ${personId} was already handed over to ${victim.handedOverTo}`,
        {
          personId,
          handedOverTo: victim.handedOverTo,
        },
      );
    }
  }
  return {
    type: 'RescueVictimsHandedOver',
    schemaVersion: 1,
    data: { requestId: req.requestId, toAgencyId: d.toAgencyId, personIds: [...d.personIds], occurredAt },
  };
}

function close(
  command: CloseRescueRequest,
  state: RescueRequestState,
  ctx: DecideContext,
): RescueRequestClosed {
  const d = command.data;
  const req = requireOpenRequest(state, d.requestId);
  if (ctx.actor.agencyId !== req.receivedBy) {
    throw new RuleViolationError(
      'not-receiving-agency',
      `only ${req.receivedBy}, which received request ${req.requestId}, may close it; ${ctx.actor.agencyId} may not`,
      { requestId: req.requestId, receivedBy: req.receivedBy, actorAgencyId: ctx.actor.agencyId },
    );
  }
  const occurredAt = requireRequestTime(req, d.occurredAt, ctx);
  const outcome = requireText(d.outcome, 'outcome');
  return {
    type: 'RescueRequestClosed',
    schemaVersion: 1,
    data: { requestId: req.requestId, outcome, occurredAt },
  };
}
