import { assertNever } from '../shared/decider.js';
import { isForeigner } from '../reference-data/nationalities.js';
import type { JointOperationEvent, JointOperationPlanned } from './joint-operation.events.js';
import type {
  Detainee,
  ExistingJointOperation,
  JointOperationState,
  Victim,
} from './joint-operation.state.js';

/**
 * Applies a recorded fact. Total by design: a well-formed stream starts with JointOperationPlanned,
 * so any other event on an empty state (or a second plan) is ignored rather than made unreadable.
 */
export function evolveJointOperation(
  state: JointOperationState,
  event: JointOperationEvent,
): JointOperationState {
  if (state.status === 'none') return event.type === 'JointOperationPlanned' ? planned(event) : state;
  return evolveExisting(state, event);
}

function planned(event: JointOperationPlanned): ExistingJointOperation {
  const d = event.data;
  return {
    status: 'open',
    operationId: d.operationId,
    leadAgencyId: d.leadAgencyId,
    title: d.title,
    target: d.target,
    legalAuthority: d.legalAuthority,
    plannedStart: d.plannedStart,
    plannedAt: d.occurredAt,
    participants: new Set([d.leadAgencyId]),
    raids: new Map(),
    detainees: new Map(),
    victims: new Map(),
    fines: new Map(),
    finesTotalRiel: 0,
    offences: [],
  };
}

function evolveExisting(state: ExistingJointOperation, event: JointOperationEvent): ExistingJointOperation {
  switch (event.type) {
    case 'JointOperationPlanned':
      // A stream has one plan; a second one changes nothing.
      return state;

    case 'AgencyJoinedOperation':
      return { ...state, participants: new Set([...state.participants, event.data.agencyId]) };

    case 'RaidConducted': {
      const d = event.data;
      const raids = new Map(state.raids);
      raids.set(d.raidId, {
        raidId: d.raidId,
        occurredAt: d.occurredAt,
        location: d.location,
        premisesInspected: d.premisesInspected,
        screened: d.screened,
        screenedTotal: d.screened.reduce((sum, g) => sum + g.count, 0),
        foreignersScreened: d.screened.reduce(
          (sum, g) => sum + (isForeigner(g.nationality) ? g.count : 0),
          0,
        ),
        withoutValidPassport: d.withoutValidPassport,
        withoutWorkPermit: d.withoutWorkPermit,
        recordedBy: d.recordedBy,
        detainedCount: 0,
      });
      return { ...state, raids };
    }

    case 'SuspectsDetained': {
      const d = event.data;
      const detainees = new Map(state.detainees);
      for (const s of d.suspects) {
        const detainee: Detainee = {
          personId: s.personId,
          raidId: d.raidId,
          nationality: s.nationality,
          sex: s.sex,
          minor: s.minor,
          offence: s.offence,
          detainedAt: d.occurredAt,
          released: false,
        };
        detainees.set(s.personId, detainee);
      }
      const raid = state.raids.get(d.raidId);
      const raids = new Map(state.raids);
      if (raid) raids.set(d.raidId, { ...raid, detainedCount: raid.detainedCount + d.suspects.length });
      return { ...state, detainees, raids };
    }

    case 'VictimsIdentified': {
      const d = event.data;
      const victims = new Map(state.victims);
      for (const v of d.victims) {
        const victim: Victim = {
          personId: v.personId,
          ...(d.raidId !== undefined && { raidId: d.raidId }),
          nationality: v.nationality,
          sex: v.sex,
          minor: v.minor,
          rescued: d.rescued,
          identifiedAt: d.occurredAt,
        };
        victims.set(v.personId, victim);
      }
      return { ...state, victims };
    }

    case 'FineImposed': {
      const d = event.data;
      const fines = new Map(state.fines);
      fines.set(d.fineId, {
        fineId: d.fineId,
        amountRiel: d.amountRiel,
        reason: d.reason,
        ...(d.raidId !== undefined && { raidId: d.raidId }),
        occurredAt: d.occurredAt,
      });
      return { ...state, fines, finesTotalRiel: state.finesTotalRiel + d.amountRiel };
    }

    case 'OffencesIdentified':
      return { ...state, offences: [...new Set([...state.offences, ...event.data.offences])] };

    case 'DetaineeReleased': {
      const d = event.data;
      const detainee = state.detainees.get(d.personId);
      if (!detainee) return state;
      const detainees = new Map(state.detainees);
      detainees.set(d.personId, {
        ...detainee,
        released: true,
        releaseReason: d.reason,
        releasedAt: d.occurredAt,
      });
      return { ...state, detainees };
    }

    case 'JointOperationClosed':
      return {
        ...state,
        status: 'closed',
        closedAt: event.data.occurredAt,
        ...(event.data.summary !== undefined && { summary: event.data.summary }),
      };

    default:
      return assertNever(event, 'joint operation event');
  }
}
