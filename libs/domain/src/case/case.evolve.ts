import { assertNever } from '../shared/decider.js';
import type { CaseEvent } from './case.events.js';
import type { CaseState } from './case.state.js';

/** Total: events that cannot apply to the state (a stream must start with CaseOpened) are ignored. */
export function evolveCase(state: CaseState, event: CaseEvent): CaseState {
  switch (event.type) {
    case 'CaseOpened': {
      if (state.status !== 'none') return state;
      const d = event.data;
      return {
        status: 'open',
        caseId: d.caseId,
        operationId: d.operationId,
        openedBy: d.openedBy,
        openedAt: d.occurredAt,
        offences: d.offences,
        suspects: new Map(d.suspects.map((p) => [p.personId, p])),
        victims: new Map(d.victims.map((p) => [p.personId, p])),
        sentToCourt: new Map(),
        sealed: false,
        grants: new Map(),
      };
    }
    case 'CaseSentToCourt': {
      if (state.status === 'none') return state;
      const d = event.data;
      const sentToCourt = new Map(state.sentToCourt);
      for (const personId of d.suspectsSent) {
        sentToCourt.set(personId, { courtId: d.courtId, prosecutorId: d.prosecutorId, sentAt: d.occurredAt });
      }
      return { ...state, status: 'sent-to-court', sentToCourt };
    }
    case 'CaseDismissed':
      if (state.status === 'none') return state;
      return {
        ...state,
        status: 'dismissed',
        dismissal: { reason: event.data.reason, dismissedAt: event.data.occurredAt },
      };
    case 'CaseSealed':
      return state.status === 'none' ? state : { ...state, sealed: true };
    case 'CaseUnsealed':
      return state.status === 'none' ? state : { ...state, sealed: false };
    case 'CaseAccessGranted': {
      if (state.status === 'none') return state;
      const grants = new Map(state.grants);
      grants.set(event.data.agencyId, event.data.occurredAt);
      return { ...state, grants };
    }
    case 'CaseAccessRevoked': {
      if (state.status === 'none') return state;
      const grants = new Map(state.grants);
      grants.delete(event.data.agencyId);
      return { ...state, grants };
    }
    default:
      return assertNever(event, 'case event');
  }
}
