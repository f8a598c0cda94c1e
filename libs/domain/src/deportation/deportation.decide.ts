import { assertNever } from '../shared/decider.js';
import { AggregateNotFoundError, RuleViolationError } from '../shared/errors.js';
import type { Sex } from '../shared/event.js';
import { STREAM_CATEGORIES } from '../shared/streams.js';
import {
  cambodianDateOf,
  requireDistinctPersons,
  requireId,
  requirePastCalendarDate,
  requirePastInstant,
  requireText,
} from '../shared/validation.js';
import { isForeigner } from '../reference-data/nationalities.js';
import { requireAgencyOfKind, requireCheckpoint } from '../reference-data/rules.js';
import { requireOperationOf } from '../joint-operation/joint-operation.queries.js';
import type {
  CancelDeportation,
  DeportationCommand,
  ExecuteDeportation,
  OrderDeportation,
} from './deportation.commands.js';
import {
  LEGAL_GROUNDS,
  type DeportationCancelled,
  type DeportationEvent,
  type DeportationExecuted,
  type DeportationOrdered,
  type DeportedGroup,
  type Deportee,
} from './deportation.events.js';
import type { DeportationDecideContext, DeportationState, ExistingDeportation } from './deportation.state.js';

export function decideDeportation(
  command: DeportationCommand,
  state: DeportationState,
  ctx: DeportationDecideContext,
): DeportationEvent[] {
  switch (command.type) {
    case 'OrderDeportation':
      return [order(command, state, ctx)];
    case 'ExecuteDeportation':
      return [execute(command, state, ctx)];
    case 'CancelDeportation':
      return [cancel(command, state, ctx)];
    default:
      return assertNever(command, 'deportation command');
  }
}

/** Rule: 'agency-not-immigration' — deportation is the General Department of Immigration's act. */
function requireImmigrationActor(ctx: DeportationDecideContext): void {
  requireAgencyOfKind(
    ctx.actor.agencyId,
    'actor agency',
    'agency-not-immigration',
    ['immigration'],
    ctx.agencies,
  );
}

function requireDeportation(state: DeportationState, deportationId: string): ExistingDeportation {
  if (state.status === 'none') throw new AggregateNotFoundError(STREAM_CATEGORIES.deportation, deportationId);
  return state;
}

/** Rule: 'deportation-cancelled'. */
function requireNotCancelled(dep: ExistingDeportation): void {
  if (dep.status === 'cancelled') {
    throw new RuleViolationError('deportation-cancelled', `deportation ${dep.deportationId} was cancelled`, {
      deportationId: dep.deportationId,
      cancelledAt: dep.cancellation?.cancelledAt,
    });
  }
}

function order(
  command: OrderDeportation,
  state: DeportationState,
  ctx: DeportationDecideContext,
): DeportationOrdered {
  const d = command.data;
  if (state.status !== 'none') {
    throw new RuleViolationError(
      'deportation-already-exists',
      `deportation ${state.deportationId} is already ordered`,
      {
        deportationId: state.deportationId,
      },
    );
  }
  const deportationId = requireId(d.deportationId, 'deportationId');
  requireImmigrationActor(ctx);
  const op = requireOperationOf(ctx.operation, d.operationId);
  if (!LEGAL_GROUNDS.includes(d.legalGround)) {
    throw new RuleViolationError(
      'unknown-legal-ground',
      `legalGround ${JSON.stringify(d.legalGround)} is not one of ${LEGAL_GROUNDS.join(', ')}`,
      { legalGround: d.legalGround },
    );
  }
  const occurredAt = requirePastInstant(d.occurredAt, ctx.now);
  if (d.personIds.length === 0) {
    throw new RuleViolationError('no-persons', 'a deportation order names at least one person', {
      field: 'personIds',
    });
  }
  requireDistinctPersons(d.personIds);
  const persons: Deportee[] = d.personIds.map((personId) => {
    const detainee = op.detainees.get(personId);
    if (!detainee) {
      throw new RuleViolationError(
        'person-never-detained',
        `person ${personId} was never detained in operation ${op.operationId}`,
        { personId, operationId: op.operationId },
      );
    }
    if (!isForeigner(detainee.nationality)) {
      throw new RuleViolationError(
        'not-a-foreigner',
        `person ${personId} is of nationality ${detainee.nationality}: Cambodia does not deport its own nationals`,
        { personId, nationality: detainee.nationality },
      );
    }
    if (detainee.released) {
      throw new RuleViolationError(
        'detainee-released',
        `person ${personId} was released from detention on ${detainee.releasedAt ?? '?'} (${detainee.releaseReason ?? 'no reason given'})`,
        { personId, releasedAt: detainee.releasedAt },
      );
    }
    return { personId, nationality: detainee.nationality, sex: detainee.sex };
  });
  return {
    type: 'DeportationOrdered',
    schemaVersion: 1,
    data: {
      deportationId,
      orderedBy: ctx.actor.agencyId,
      operationId: op.operationId,
      legalGround: d.legalGround,
      persons,
      occurredAt,
    },
  };
}

/** Batches are allowed (one flight, one land crossing…), each person leaves once, and only once. */
function execute(
  command: ExecuteDeportation,
  state: DeportationState,
  ctx: DeportationDecideContext,
): DeportationExecuted {
  const d = command.data;
  const dep = requireDeportation(state, d.deportationId);
  requireNotCancelled(dep);
  if (dep.status === 'executed') {
    throw new RuleViolationError(
      'deportation-already-executed',
      `deportation ${dep.deportationId} is fully executed: all ${dep.persons.size} persons have left`,
      { deportationId: dep.deportationId },
    );
  }
  requireImmigrationActor(ctx);
  const occurredAt = requirePastInstant(d.occurredAt, ctx.now);
  const executedOn = requirePastCalendarDate(d.executedOn, ctx.now, 'executedOn');
  const orderedOn = cambodianDateOf(new Date(dep.orderedAt));
  if (executedOn < orderedOn) {
    throw new RuleViolationError(
      'executed-before-order',
      `executedOn ${executedOn} is before the order of ${orderedOn}`,
      { executedOn, orderedOn },
    );
  }
  requireCheckpoint(d.checkpoint);
  if (d.personIds.length === 0) {
    throw new RuleViolationError('no-persons', 'an execution names at least one person', {
      field: 'personIds',
    });
  }
  requireDistinctPersons(d.personIds);
  const groups = new Map<string, { nationality: string; sex: Sex; count: number }>();
  for (const personId of d.personIds) {
    const person = dep.persons.get(personId);
    if (!person) {
      throw new RuleViolationError(
        'person-not-in-order',
        `person ${personId} is not named in deportation order ${dep.deportationId}`,
        { personId, deportationId: dep.deportationId },
      );
    }
    if (person.deported) {
      throw new RuleViolationError(
        'already-deported',
        `person ${personId} was already deported on ${person.deported.executedOn} via ${person.deported.checkpoint}`,
        { personId, ...person.deported },
      );
    }
    const key = `${person.nationality}/${person.sex}`;
    const group = groups.get(key) ?? { nationality: person.nationality, sex: person.sex, count: 0 };
    groups.set(key, { ...group, count: group.count + 1 });
  }
  // Code-unit order, not localeCompare: the event must not depend on the host's locale.
  const byNationality: DeportedGroup[] = [...groups.entries()]
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    .map(([, group]) => group);
  return {
    type: 'DeportationExecuted',
    schemaVersion: 1,
    data: {
      deportationId: dep.deportationId,
      executedOn,
      checkpoint: d.checkpoint,
      persons: [...d.personIds],
      byNationality,
      occurredAt,
    },
  };
}

function cancel(
  command: CancelDeportation,
  state: DeportationState,
  ctx: DeportationDecideContext,
): DeportationCancelled {
  const d = command.data;
  const dep = requireDeportation(state, d.deportationId);
  requireNotCancelled(dep);
  if (dep.deportedCount > 0) {
    throw new RuleViolationError(
      'deportation-execution-started',
      `deportation ${dep.deportationId} cannot be cancelled: ${dep.deportedCount} of ${dep.persons.size} persons have already been deported`,
      { deportationId: dep.deportationId, deported: dep.deportedCount },
    );
  }
  requireImmigrationActor(ctx);
  const occurredAt = requirePastInstant(d.occurredAt, ctx.now);
  if (occurredAt < dep.orderedAt) {
    throw new RuleViolationError(
      'cancelled-before-order',
      `occurredAt ${occurredAt} is before the order (${dep.orderedAt})`,
      { occurredAt, orderedAt: dep.orderedAt },
    );
  }
  const reason = requireText(d.reason, 'reason');
  return {
    type: 'DeportationCancelled',
    schemaVersion: 1,
    data: { deportationId: dep.deportationId, reason, occurredAt },
  };
}
