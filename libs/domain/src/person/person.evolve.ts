import { assertNever } from '../shared/decider.js';
import type { PersonEvent } from './person.events.js';
import type { PersonState } from './person.state.js';

/** Total: an event that cannot apply (a stream must start with PersonRegistered) is ignored. */
export function evolvePerson(state: PersonState, event: PersonEvent): PersonState {
  switch (event.type) {
    case 'PersonRegistered': {
      if (state.status !== 'none') return state;
      const d = event.data;
      return {
        status: 'registered',
        personId: d.personId,
        registeredBy: d.registeredBy,
        nationality: d.nationality,
        sex: d.sex,
        minor: d.minor,
        victim: d.victim,
        registeredAt: d.occurredAt,
      };
    }
    case 'PersonIdentityErased':
      if (state.status === 'none') return state;
      return {
        ...state,
        status: 'erased',
        erasure: {
          erasedBy: event.data.erasedBy,
          reason: event.data.reason,
          erasedAt: event.data.occurredAt,
        },
      };
    default:
      return assertNever(event, 'person event');
  }
}
