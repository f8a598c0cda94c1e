import { assertNever } from '../shared/decider.js';
import type { RescueRequestEvent } from './rescue-request.events.js';
import type { RescueRequestState } from './rescue-request.state.js';

/** Total: events that cannot apply (a stream starts with RescueRequestReceived) are ignored. */
export function evolveRescueRequest(
  state: RescueRequestState,
  event: RescueRequestEvent,
): RescueRequestState {
  if (event.type === 'RescueRequestReceived') {
    if (state.status !== 'none') return state;
    const d = event.data;
    return {
      status: 'received',
      requestId: d.requestId,
      fromMissionId: d.fromMissionId,
      receivedBy: d.receivedBy,
      receivedAt: d.occurredAt,
      persons: d.persons,
      personsRequested: d.persons.reduce((sum, p) => sum + p.count, 0),
      ...(d.provinceCode !== undefined && { provinceCode: d.provinceCode }),
      investigations: [],
      victims: new Map(),
      perpetratorsArrested: 0,
    };
  }
  if (state.status === 'none') return state;
  switch (event.type) {
    case 'RescueRequestInvestigated': {
      const d = event.data;
      return {
        ...state,
        status: state.status === 'closed' ? 'closed' : 'investigated',
        investigations: [
          ...state.investigations,
          { investigatedBy: d.investigatedBy, findings: d.findings, at: d.occurredAt },
        ],
      };
    }
    case 'RescueVictimsFound': {
      const d = event.data;
      const victims = new Map(state.victims);
      for (const v of d.victims) victims.set(v.personId, { ...v, foundAt: d.occurredAt });
      return {
        ...state,
        victims,
        perpetratorsArrested: state.perpetratorsArrested + (d.perpetratorsArrested ?? 0),
      };
    }
    case 'RescueVictimsHandedOver': {
      const d = event.data;
      const victims = new Map(state.victims);
      for (const personId of d.personIds) {
        const victim = victims.get(personId);
        if (victim) victims.set(personId, { ...victim, handedOverTo: d.toAgencyId });
      }
      return { ...state, victims };
    }
    case 'RescueRequestClosed':
      return {
        ...state,
        status: 'closed',
        closure: { outcome: event.data.outcome, closedAt: event.data.occurredAt },
      };
    default:
      return assertNever(event, 'rescue request event');
  }
}
