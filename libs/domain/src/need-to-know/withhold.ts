import { assertNever } from '../shared/decider.js';
import type { PersonId } from '../shared/event.js';
import type { LedgerEvent } from '../ledger-events.js';
import { STREAM_CATEGORIES, type StreamCategory } from '../shared/streams.js';

/**
 * What stands in for a restricted person's entry for a reader without need-to-know: the opaque
 * id stays (counts and links still work), the facts about them go.
 */
export interface WithheldPerson {
  readonly personId: PersonId;
  readonly withheld: true;
}

export interface Withheld<T> {
  readonly value: T;
  /** How many entries were withheld; 0 means the record holds nothing restricted. */
  readonly withheld: number;
}

interface PersonEntry {
  readonly personId: PersonId;
  readonly minor: boolean;
}

const withheldPerson = (personId: PersonId): WithheldPerson => ({ personId, withheld: true });

/** Victims (`all`) are restricted whatever their age; other persons when they are minors. */
const isRestricted = (entry: PersonEntry, all: boolean): boolean => all || entry.minor;

function people<P extends PersonEntry>(
  entries: readonly P[],
  all: boolean,
): { entries: (P | WithheldPerson)[]; withheld: number } {
  let withheld = 0;
  const out = entries.map((entry) => {
    if (!isRestricted(entry, all)) return entry;
    withheld += 1;
    return withheldPerson(entry.personId);
  });
  return { entries: out, withheld };
}

/**
 * The event as a reader without need-to-know may see it: victims' and minors' entries withheld.
 * The switch is exhaustive, so a new event type must say what in it is restricted.
 */
export function withholdFromEvent(event: LedgerEvent): Withheld<unknown> {
  switch (event.type) {
    case 'SuspectsDetained': {
      const { entries, withheld } = people(event.data.suspects, false);
      return { value: { ...event, data: { ...event.data, suspects: entries } }, withheld };
    }
    case 'VictimsIdentified': {
      const { entries, withheld } = people(event.data.victims, true);
      return { value: { ...event, data: { ...event.data, victims: entries } }, withheld };
    }
    case 'CaseOpened': {
      const suspects = people(event.data.suspects, false);
      const victims = people(event.data.victims, true);
      return {
        value: { ...event, data: { ...event.data, suspects: suspects.entries, victims: victims.entries } },
        withheld: suspects.withheld + victims.withheld,
      };
    }
    case 'RescueVictimsFound': {
      const { entries, withheld } = people(event.data.victims, true);
      return { value: { ...event, data: { ...event.data, victims: entries } }, withheld };
    }
    // Ids only, or facts that are not about a restricted person. A person's facts are not their
    // identity: the identity has its own need-to-know check.
    case 'JointOperationPlanned':
    case 'AgencyJoinedOperation':
    case 'RaidConducted':
    case 'FineImposed':
    case 'OffencesIdentified':
    case 'DetaineeReleased':
    case 'JointOperationClosed':
    case 'CaseSentToCourt':
    case 'CaseDismissed':
    case 'CaseSealed':
    case 'CaseUnsealed':
    case 'CaseAccessGranted':
    case 'CaseAccessRevoked':
    case 'DeportationOrdered':
    case 'DeportationExecuted':
    case 'DeportationCancelled':
    case 'RescueRequestReceived':
    case 'RescueRequestInvestigated':
    case 'RescueVictimsHandedOver':
    case 'RescueRequestClosed':
    case 'PersonRegistered':
    case 'PersonIdentityErased':
    case 'AgencyRegistered':
    case 'AgencyRenamed':
    case 'AgencyRetired':
    case 'AccessLogged':
      return { value: event, withheld: 0 };
    default:
      return assertNever(event, 'ledger event');
  }
}

/** Which maps of an aggregate's state hold persons, and whether all of them are restricted. */
const RESTRICTED_STATE_MAPS: Readonly<
  Partial<Record<StreamCategory, readonly { key: string; all: boolean }[]>>
> = {
  [STREAM_CATEGORIES.jointOperation]: [
    { key: 'victims', all: true },
    { key: 'detainees', all: false },
  ],
  [STREAM_CATEGORIES.case]: [
    { key: 'victims', all: true },
    { key: 'suspects', all: false },
  ],
  [STREAM_CATEGORIES.rescueRequest]: [{ key: 'victims', all: true }],
};

/** An aggregate's state (as its JSON view) with victims' and minors' entries withheld. */
export function withholdFromState(category: StreamCategory, state: unknown): Withheld<unknown> {
  const maps = RESTRICTED_STATE_MAPS[category];
  if (!maps || state === null || typeof state !== 'object') return { value: state, withheld: 0 };
  const out: Record<string, unknown> = { ...(state as Record<string, unknown>) };
  let withheld = 0;
  for (const { key, all } of maps) {
    const map = out[key];
    if (map === null || typeof map !== 'object') continue;
    const entries = Object.entries(map as Record<string, PersonEntry>);
    out[key] = Object.fromEntries(
      entries.map(([personId, entry]) => {
        if (!isRestricted(entry, all)) return [personId, entry];
        withheld += 1;
        return [personId, withheldPerson(personId)];
      }),
    );
  }
  return { value: out, withheld };
}
