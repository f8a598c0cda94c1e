import { assertNever, type DecideContext } from '../shared/decider.js';
import { AgencyNotPermittedError, AggregateNotFoundError, RuleViolationError } from '../shared/errors.js';
import type { IsoDateTime } from '../shared/event.js';
import {
  cambodianDateOf,
  firstDuplicate,
  requireDistinctPersons,
  requireId,
  requireNonNegativeInteger,
  requirePastCalendarDate,
  requirePastInstant,
  requireCalendarDate,
  requirePositiveInteger,
  requirePositiveRiel,
  requireText,
} from '../shared/validation.js';
import { STREAM_CATEGORIES } from '../shared/streams.js';
import { isForeigner } from '../reference-data/nationalities.js';
import {
  requireAgency,
  requireAgencyOfKind,
  requireNationality,
  requireOffence,
  requireOffenceList,
  requirePersonFacts,
  requireProvince,
  requireSex,
} from '../reference-data/rules.js';
import type {
  CloseJointOperation,
  DetainSuspects,
  IdentifyOffences,
  IdentifyVictims,
  ImposeFine,
  JoinJointOperation,
  JointOperationCommand,
  PlanJointOperation,
  RecordRaid,
  ReleaseDetainee,
} from './joint-operation.commands.js';
import type {
  AgencyJoinedOperation,
  DetaineeReleased,
  DetainedSuspect,
  FineImposed,
  JointOperationClosed,
  JointOperationEvent,
  JointOperationPlanned,
  OffencesIdentified,
  OperationTarget,
  RaidConducted,
  RaidLocation,
  ScreenedGroup,
  SuspectsDetained,
  VictimsIdentified,
} from './joint-operation.events.js';
import type { ExistingJointOperation, JointOperationState } from './joint-operation.state.js';

export function decideJointOperation(
  command: JointOperationCommand,
  state: JointOperationState,
  ctx: DecideContext,
): JointOperationEvent[] {
  switch (command.type) {
    case 'PlanJointOperation':
      return [plan(command, state, ctx)];
    case 'JoinJointOperation':
      return [join(command, state, ctx)];
    case 'RecordRaid':
      return [recordRaid(command, state, ctx)];
    case 'DetainSuspects':
      return [detainSuspects(command, state, ctx)];
    case 'IdentifyVictims':
      return [identifyVictims(command, state, ctx)];
    case 'ImposeFine':
      return [imposeFine(command, state, ctx)];
    case 'IdentifyOffences':
      return [identifyOffences(command, state, ctx)];
    case 'ReleaseDetainee':
      return [releaseDetainee(command, state, ctx)];
    case 'CloseJointOperation':
      return [close(command, state, ctx)];
    default:
      return assertNever(command, 'joint operation command');
  }
}

// ---------------------------------------------------------------------------------------------
// Cross-cutting rules

/** Rules: operation exists (404), 'operation-closed'. */
function requireOpenOperation(state: JointOperationState, operationId: string): ExistingJointOperation {
  if (state.status === 'none')
    throw new AggregateNotFoundError(STREAM_CATEGORIES.jointOperation, operationId);
  if (state.status === 'closed') {
    throw new RuleViolationError(
      'operation-closed',
      `operation ${state.operationId} is closed; nothing more can be recorded on it`,
      {
        operationId: state.operationId,
        closedAt: state.closedAt,
      },
    );
  }
  return state;
}

/** Rule: 'agency-not-participating'. */
function requireParticipant(op: ExistingJointOperation, ctx: DecideContext): void {
  if (!op.participants.has(ctx.actor.agencyId)) {
    throw new AgencyNotPermittedError(
      'agency-not-participating',
      `agency ${ctx.actor.agencyId} does not participate in operation ${op.operationId}; ask the lead agency ${op.leadAgencyId} to add it`,
      { operationId: op.operationId, agencyId: ctx.actor.agencyId },
    );
  }
}

/** Rules: 'invalid-date', 'date-in-future', 'occurred-before-operation-planned'. */
function requireOperationTime(
  op: ExistingJointOperation,
  occurredAt: unknown,
  ctx: DecideContext,
): IsoDateTime {
  const at = requirePastInstant(occurredAt, ctx.now);
  if (at < op.plannedAt) {
    throw new RuleViolationError(
      'occurred-before-operation-planned',
      `occurredAt ${at} is before operation ${op.operationId} was planned (${op.plannedAt})`,
      { occurredAt: at, plannedAt: op.plannedAt },
    );
  }
  return at;
}

/** Open, participating, and in time: what every recording on an operation needs. */
function requireRecording(
  state: JointOperationState,
  data: { operationId: string; occurredAt: IsoDateTime },
  ctx: DecideContext,
): { op: ExistingJointOperation; occurredAt: IsoDateTime } {
  const op = requireOpenOperation(state, data.operationId);
  requireParticipant(op, ctx);
  return { op, occurredAt: requireOperationTime(op, data.occurredAt, ctx) };
}

/** Rule: 'raid-not-found'. */
function requireRaid(op: ExistingJointOperation, raidId: string) {
  const raid = op.raids.get(raidId);
  if (!raid) {
    throw new RuleViolationError('raid-not-found', `operation ${op.operationId} has no raid ${raidId}`, {
      operationId: op.operationId,
      raidId,
    });
  }
  return raid;
}

/** Rules: 'unknown-agency', 'agency-retired', 'agency-cannot-participate' — foreign missions ask for rescues, they do not take part in operations. */
function requireCambodianAgency(agencyId: string, field: string, ctx: DecideContext): void {
  const agency = requireAgency(agencyId, field, ctx.agencies);
  if (agency.kind === 'foreign-mission') {
    throw new RuleViolationError(
      'agency-cannot-participate',
      `${agency.name} is a foreign mission and cannot take part in a Cambodian joint operation`,
      { agencyId },
    );
  }
}

function optionalText(value: string | undefined, field: string): string | undefined {
  return value === undefined ? undefined : requireText(value, field);
}

function requireLocality<T extends { district?: string; commune?: string; village?: string }>(
  place: T,
  field: string,
) {
  const district = optionalText(place.district, `${field}.district`);
  const commune = optionalText(place.commune, `${field}.commune`);
  const village = optionalText(place.village, `${field}.village`);
  return {
    ...(district !== undefined && { district }),
    ...(commune !== undefined && { commune }),
    ...(village !== undefined && { village }),
  };
}

// ---------------------------------------------------------------------------------------------
// Commands

function plan(
  command: PlanJointOperation,
  state: JointOperationState,
  ctx: DecideContext,
): JointOperationPlanned {
  const d = command.data;
  if (state.status !== 'none') {
    throw new RuleViolationError(
      'operation-already-exists',
      `operation ${state.operationId} has already been planned`,
      {
        operationId: state.operationId,
      },
    );
  }
  const operationId = requireId(d.operationId, 'operationId');
  if (ctx.actor.agencyId !== d.leadAgencyId) {
    throw new RuleViolationError(
      'lead-must-be-own-agency',
      `an agency can only plan an operation it leads itself: actor agency ${ctx.actor.agencyId} cannot plan one led by ${d.leadAgencyId}`,
      { actorAgencyId: ctx.actor.agencyId, leadAgencyId: d.leadAgencyId },
    );
  }
  requireCambodianAgency(d.leadAgencyId, 'leadAgencyId', ctx);
  const title = requireText(d.title, 'title');

  requireProvince(d.target.provinceCode, 'target.provinceCode');
  const target: OperationTarget = {
    provinceCode: d.target.provinceCode,
    ...requireLocality(d.target, 'target'),
    premises: d.target.premises.map((p, i) => requireText(p, `target.premises[${i}]`)),
  };

  const la = d.legalAuthority;
  if (la.kind !== 'prosecutor-order') {
    throw new RuleViolationError(
      'invalid-legal-authority',
      `legalAuthority.kind must be 'prosecutor-order'; got ${JSON.stringify(la.kind)}`,
      { kind: la.kind },
    );
  }
  const reference = requireText(la.reference, 'legalAuthority.reference');
  requireAgencyOfKind(
    la.issuedBy,
    'legalAuthority.issuedBy',
    'issuer-not-judicial',
    ['prosecutor', 'court'],
    ctx.agencies,
  );
  const issuedOn = requirePastCalendarDate(la.issuedOn, ctx.now, 'legalAuthority.issuedOn');
  const plannedStart = requireCalendarDate(d.plannedStart, 'plannedStart');
  const occurredAt = requirePastInstant(d.occurredAt, ctx.now);

  return {
    type: 'JointOperationPlanned',
    schemaVersion: 1,
    data: {
      operationId,
      leadAgencyId: d.leadAgencyId,
      title,
      target,
      legalAuthority: { kind: 'prosecutor-order', reference, issuedBy: la.issuedBy, issuedOn },
      plannedStart,
      occurredAt,
    },
  };
}

/**
 * The lead agency adds participants (rather than agencies joining by themselves): taking part
 * grants access to the operation's records, so the agency accountable for it decides who does.
 */
function join(
  command: JoinJointOperation,
  state: JointOperationState,
  ctx: DecideContext,
): AgencyJoinedOperation {
  const d = command.data;
  const op = requireOpenOperation(state, d.operationId);
  if (ctx.actor.agencyId !== op.leadAgencyId) {
    throw new RuleViolationError(
      'only-lead-agency-may-add-participants',
      `only the lead agency ${op.leadAgencyId} may add agencies to operation ${op.operationId}; ${ctx.actor.agencyId} may not`,
      { operationId: op.operationId, actorAgencyId: ctx.actor.agencyId, leadAgencyId: op.leadAgencyId },
    );
  }
  const occurredAt = requireOperationTime(op, d.occurredAt, ctx);
  requireCambodianAgency(d.agencyId, 'agencyId', ctx);
  if (op.participants.has(d.agencyId)) {
    throw new RuleViolationError(
      'agency-already-participating',
      `agency ${d.agencyId} already participates in operation ${op.operationId}`,
      { operationId: op.operationId, agencyId: d.agencyId },
    );
  }
  return {
    type: 'AgencyJoinedOperation',
    schemaVersion: 1,
    data: { operationId: op.operationId, agencyId: d.agencyId, occurredAt },
  };
}

function recordRaid(command: RecordRaid, state: JointOperationState, ctx: DecideContext): RaidConducted {
  const d = command.data;
  const { op, occurredAt } = requireRecording(state, d, ctx);
  const raidId = requireId(d.raidId, 'raidId');
  if (op.raids.has(raidId)) {
    throw new RuleViolationError(
      'raid-already-recorded',
      `raid ${raidId} is already recorded in operation ${op.operationId}`,
      {
        operationId: op.operationId,
        raidId,
      },
    );
  }
  // A raid needs its judicial authorisation first; dates compare in Cambodian time.
  const raidDate = cambodianDateOf(new Date(occurredAt));
  if (raidDate < op.legalAuthority.issuedOn) {
    throw new RuleViolationError(
      'raid-before-legal-authority',
      `raid ${raidId} on ${raidDate} precedes the ${op.legalAuthority.kind} ${op.legalAuthority.reference} issued on ${op.legalAuthority.issuedOn}`,
      { raidId, raidDate, issuedOn: op.legalAuthority.issuedOn },
    );
  }

  requireProvince(d.location.provinceCode, 'location.provinceCode');
  const location: RaidLocation = {
    provinceCode: d.location.provinceCode,
    ...requireLocality(d.location, 'location'),
    premises: requireText(d.location.premises, 'location.premises'),
  };
  const premisesInspected = requireNonNegativeInteger(d.premisesInspected, 'premisesInspected');

  const screened: ScreenedGroup[] = d.screened.map((g, i) => ({
    nationality: requireNationality(g.nationality, `screened[${i}].nationality`),
    sex: requireSex(g.sex, `screened[${i}].sex`),
    count: requirePositiveInteger(g.count, `screened[${i}].count`),
  }));
  const duplicate = firstDuplicate(screened.map((g) => `${g.nationality}/${g.sex}`));
  if (duplicate !== undefined) {
    throw new RuleViolationError(
      'duplicate-screened-group',
      `screened lists ${duplicate} twice; give one count per nationality and sex`,
      { group: duplicate },
    );
  }
  const total = screened.reduce((sum, g) => sum + g.count, 0);
  // Passports and work permits concern foreigners only, so they are bounded by the foreigners screened.
  const foreigners = screened.reduce((sum, g) => sum + (isForeigner(g.nationality) ? g.count : 0), 0);
  const withoutValidPassport = requireNonNegativeInteger(d.withoutValidPassport, 'withoutValidPassport');
  const withoutWorkPermit = requireNonNegativeInteger(d.withoutWorkPermit, 'withoutWorkPermit');
  if (withoutValidPassport > foreigners) {
    throw new RuleViolationError(
      'without-passport-exceeds-screened',
      `${withoutValidPassport} persons without a valid passport is more than the ${foreigners} foreigners screened (of ${total} persons)`,
      { withoutValidPassport, foreignersScreened: foreigners, screenedTotal: total },
    );
  }
  if (withoutWorkPermit > foreigners) {
    throw new RuleViolationError(
      'without-work-permit-exceeds-screened',
      `${withoutWorkPermit} persons without a work permit is more than the ${foreigners} foreigners screened (of ${total} persons)`,
      { withoutWorkPermit, foreignersScreened: foreigners, screenedTotal: total },
    );
  }

  return {
    type: 'RaidConducted',
    schemaVersion: 1,
    data: {
      operationId: op.operationId,
      raidId,
      occurredAt,
      location,
      premisesInspected,
      screened,
      withoutValidPassport,
      withoutWorkPermit,
      recordedBy: ctx.actor.agencyId,
    },
  };
}

function detainSuspects(
  command: DetainSuspects,
  state: JointOperationState,
  ctx: DecideContext,
): SuspectsDetained {
  const d = command.data;
  const { op, occurredAt } = requireRecording(state, d, ctx);
  const raid = requireRaid(op, d.raidId);
  if (occurredAt < raid.occurredAt) {
    throw new RuleViolationError(
      'detained-before-raid',
      `detention at ${occurredAt} is before raid ${raid.raidId} took place (${raid.occurredAt})`,
      { occurredAt, raidOccurredAt: raid.occurredAt },
    );
  }
  if (d.suspects.length === 0) {
    throw new RuleViolationError('no-persons', 'suspects must name at least one person', {
      field: 'suspects',
    });
  }
  const suspects: DetainedSuspect[] = d.suspects.map((s, i) => ({
    ...requirePersonFacts(s, `suspects[${i}]`),
    offence: requireOffence(s.offence, `suspects[${i}].offence`),
  }));
  requireDistinctPersons(
    suspects.map((s) => s.personId),
    'suspects',
  );
  for (const s of suspects) {
    if (op.detainees.has(s.personId)) {
      throw new RuleViolationError(
        'person-already-detained',
        `person ${s.personId} is already detained in operation ${op.operationId}`,
        { personId: s.personId },
      );
    }
    if (op.victims.has(s.personId)) {
      throw new RuleViolationError(
        'person-is-victim',
        `person ${s.personId} is identified as a victim in operation ${op.operationId} and cannot also be a suspect`,
        { personId: s.personId },
      );
    }
  }
  const detained = raid.detainedCount + suspects.length;
  if (detained > raid.screenedTotal) {
    throw new RuleViolationError(
      'detained-exceeds-screened',
      `detaining ${suspects.length} more would make ${detained} detained in raid ${raid.raidId}, which screened only ${raid.screenedTotal} persons (${raid.detainedCount} already detained)`,
      {
        raidId: raid.raidId,
        alreadyDetained: raid.detainedCount,
        requested: suspects.length,
        screenedTotal: raid.screenedTotal,
      },
    );
  }
  return {
    type: 'SuspectsDetained',
    schemaVersion: 1,
    data: { operationId: op.operationId, raidId: raid.raidId, suspects, occurredAt },
  };
}

function identifyVictims(
  command: IdentifyVictims,
  state: JointOperationState,
  ctx: DecideContext,
): VictimsIdentified {
  const d = command.data;
  const { op, occurredAt } = requireRecording(state, d, ctx);
  if (d.raidId !== undefined) requireRaid(op, d.raidId);
  if (d.victims.length === 0) {
    throw new RuleViolationError('no-persons', 'victims must name at least one person', { field: 'victims' });
  }
  if (typeof d.rescued !== 'boolean') {
    throw new RuleViolationError('invalid-rescued-flag', 'rescued must be true or false', {
      field: 'rescued',
    });
  }
  const victims = d.victims.map((v, i) => requirePersonFacts(v, `victims[${i}]`));
  requireDistinctPersons(
    victims.map((v) => v.personId),
    'victims',
  );
  for (const v of victims) {
    if (op.victims.has(v.personId)) {
      throw new RuleViolationError(
        'victim-already-identified',
        `person ${v.personId} is already identified as a victim in operation ${op.operationId}`,
        { personId: v.personId },
      );
    }
    if (op.detainees.has(v.personId)) {
      throw new RuleViolationError(
        'person-is-suspect',
        `person ${v.personId} is detained as a suspect in operation ${op.operationId} and cannot also be a victim`,
        { personId: v.personId },
      );
    }
  }
  return {
    type: 'VictimsIdentified',
    schemaVersion: 1,
    data: {
      operationId: op.operationId,
      ...(d.raidId !== undefined && { raidId: d.raidId }),
      victims,
      rescued: d.rescued,
      occurredAt,
    },
  };
}

function imposeFine(command: ImposeFine, state: JointOperationState, ctx: DecideContext): FineImposed {
  const d = command.data;
  const { op, occurredAt } = requireRecording(state, d, ctx);
  const fineId = requireId(d.fineId, 'fineId');
  if (op.fines.has(fineId)) {
    throw new RuleViolationError(
      'fine-already-imposed',
      `fine ${fineId} is already recorded in operation ${op.operationId}`,
      {
        fineId,
      },
    );
  }
  const amountRiel = requirePositiveRiel(d.amountRiel);
  const reason = requireText(d.reason, 'reason');
  if (d.raidId !== undefined) requireRaid(op, d.raidId);
  return {
    type: 'FineImposed',
    schemaVersion: 1,
    data: {
      operationId: op.operationId,
      fineId,
      amountRiel,
      reason,
      ...(d.raidId !== undefined && { raidId: d.raidId }),
      occurredAt,
    },
  };
}

function identifyOffences(
  command: IdentifyOffences,
  state: JointOperationState,
  ctx: DecideContext,
): OffencesIdentified {
  const d = command.data;
  const { op, occurredAt } = requireRecording(state, d, ctx);
  const offences = requireOffenceList(d.offences);
  return {
    type: 'OffencesIdentified',
    schemaVersion: 1,
    data: { operationId: op.operationId, offences, occurredAt },
  };
}

function releaseDetainee(
  command: ReleaseDetainee,
  state: JointOperationState,
  ctx: DecideContext,
): DetaineeReleased {
  const d = command.data;
  const { op, occurredAt } = requireRecording(state, d, ctx);
  const detainee = op.detainees.get(d.personId);
  if (!detainee) {
    throw new RuleViolationError(
      'person-not-detained',
      `person ${d.personId} is not detained in operation ${op.operationId}`,
      {
        personId: d.personId,
      },
    );
  }
  if (detainee.released) {
    throw new RuleViolationError(
      'detainee-already-released',
      `person ${d.personId} was already released on ${detainee.releasedAt ?? '?'}`,
      { personId: d.personId, releasedAt: detainee.releasedAt },
    );
  }
  const reason = requireText(d.reason, 'reason');
  return {
    type: 'DetaineeReleased',
    schemaVersion: 1,
    data: { operationId: op.operationId, personId: d.personId, reason, occurredAt },
  };
}

function close(
  command: CloseJointOperation,
  state: JointOperationState,
  ctx: DecideContext,
): JointOperationClosed {
  const d = command.data;
  const op = requireOpenOperation(state, d.operationId);
  if (ctx.actor.agencyId !== op.leadAgencyId) {
    throw new RuleViolationError(
      'only-lead-agency-may-close',
      `only the lead agency ${op.leadAgencyId} may close operation ${op.operationId}; ${ctx.actor.agencyId} may not`,
      { operationId: op.operationId, actorAgencyId: ctx.actor.agencyId, leadAgencyId: op.leadAgencyId },
    );
  }
  const occurredAt = requireOperationTime(op, d.occurredAt, ctx);
  const summary = optionalText(d.summary, 'summary');
  return {
    type: 'JointOperationClosed',
    schemaVersion: 1,
    data: { operationId: op.operationId, occurredAt, ...(summary !== undefined && { summary }) },
  };
}
