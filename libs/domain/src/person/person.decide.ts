import { assertNever, type DecideContext } from '../shared/decider.js';
import { AgencyNotPermittedError, AggregateNotFoundError, RuleViolationError } from '../shared/errors.js';
import type { CalendarDate } from '../shared/event.js';
import { STREAM_CATEGORIES } from '../shared/streams.js';
import {
  cambodianDateOf,
  requireCalendarDate,
  requirePastInstant,
  requireText,
} from '../shared/validation.js';
import { requirePersonFacts } from '../reference-data/rules.js';
import type { ErasePersonIdentity, PersonCommand, RegisterPerson } from './person.commands.js';
import type { PersonEvent, PersonIdentityErased, PersonRegistered } from './person.events.js';
import type { PersonState, RegisteredPerson } from './person.state.js';

export function decidePerson(command: PersonCommand, state: PersonState, ctx: DecideContext): PersonEvent[] {
  switch (command.type) {
    case 'RegisterPerson':
      return [register(command, state, ctx)];
    case 'ErasePersonIdentity':
      return [erase(command, state, ctx)];
    default:
      return assertNever(command, 'person command');
  }
}

/** Age in whole years on `day`, both calendar dates. */
function ageOn(dateOfBirth: CalendarDate, day: CalendarDate): number {
  const [by, bm, bd] = dateOfBirth.split('-').map(Number) as [number, number, number];
  const [y, m, d] = day.split('-').map(Number) as [number, number, number];
  return y - by - (m < bm || (m === bm && d < bd) ? 1 : 0);
}

/**
 * Rules: 'person-already-registered', the person-facts rules, 'invalid-victim-flag', 'invalid-date',
 * 'date-in-future', 'date-of-birth-in-future', 'minor-flag-contradicts-date-of-birth'.
 */
function register(command: RegisterPerson, state: PersonState, ctx: DecideContext): PersonRegistered {
  const d = command.data;
  if (state.status !== 'none') {
    throw new RuleViolationError(
      'person-already-registered',
      `person ${state.personId} is already registered`,
      {
        personId: state.personId,
      },
    );
  }
  const facts = requirePersonFacts(d, 'person');
  if (typeof d.victim !== 'boolean') {
    throw new RuleViolationError('invalid-victim-flag', 'victim must be true or false', { field: 'victim' });
  }
  const occurredAt = requirePastInstant(d.occurredAt, ctx.now);
  if (d.dateOfBirth !== undefined) {
    const born = requireCalendarDate(d.dateOfBirth, 'dateOfBirth');
    const recordedOn = cambodianDateOf(new Date(occurredAt));
    if (born > recordedOn) {
      throw new RuleViolationError('date-of-birth-in-future', `dateOfBirth ${born} is after ${recordedOn}`, {
        field: 'dateOfBirth',
      });
    }
    // Minors are flagged at recording: the flag must agree with the age on that day.
    const minorByAge = ageOn(born, recordedOn) < 18;
    if (minorByAge !== facts.minor) {
      throw new RuleViolationError(
        'minor-flag-contradicts-date-of-birth',
        `minor is ${facts.minor}, but a person born on ${born} was ${minorByAge ? 'under' : 'over'} 18 on ${recordedOn}`,
        { field: 'minor' },
      );
    }
  }
  return {
    type: 'PersonRegistered',
    schemaVersion: 1,
    data: {
      personId: facts.personId,
      registeredBy: ctx.actor.agencyId,
      nationality: facts.nationality,
      sex: facts.sex,
      minor: facts.minor,
      victim: d.victim,
      occurredAt,
    },
  };
}

function requirePerson(state: PersonState, personId: string): RegisteredPerson {
  if (state.status === 'none') throw new AggregateNotFoundError(STREAM_CATEGORIES.person, personId);
  return state;
}

/** Rules: 'not-registering-agency', 'identity-already-erased', 'occurred-before-registration'. */
function erase(command: ErasePersonIdentity, state: PersonState, ctx: DecideContext): PersonIdentityErased {
  const d = command.data;
  const person = requirePerson(state, d.personId);
  if (ctx.actor.agencyId !== person.registeredBy) {
    throw new AgencyNotPermittedError(
      'not-registering-agency',
      `only ${person.registeredBy}, which registered person ${person.personId}, may erase their identity`,
      { personId: person.personId, registeredBy: person.registeredBy, actorAgencyId: ctx.actor.agencyId },
    );
  }
  if (person.status === 'erased') {
    throw new RuleViolationError(
      'identity-already-erased',
      `the identity of ${person.personId} is already erased`,
      {
        personId: person.personId,
      },
    );
  }
  const occurredAt = requirePastInstant(d.occurredAt, ctx.now);
  if (occurredAt < person.registeredAt) {
    throw new RuleViolationError(
      'occurred-before-registration',
      `occurredAt ${occurredAt} is before person ${person.personId} was registered (${person.registeredAt})`,
      { occurredAt, registeredAt: person.registeredAt },
    );
  }
  const reason = requireText(d.reason, 'reason');
  return {
    type: 'PersonIdentityErased',
    schemaVersion: 1,
    data: { personId: person.personId, erasedBy: ctx.actor.agencyId, reason, occurredAt },
  };
}
