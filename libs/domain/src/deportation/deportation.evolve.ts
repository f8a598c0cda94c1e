import { assertNever } from '../shared/decider.js';
import type { DeportationEvent } from './deportation.events.js';
import type { DeportationState } from './deportation.state.js';

/** Total: events that cannot apply (a stream starts with DeportationOrdered) are ignored. */
export function evolveDeportation(state: DeportationState, event: DeportationEvent): DeportationState {
  switch (event.type) {
    case 'DeportationOrdered': {
      if (state.status !== 'none') return state;
      const d = event.data;
      return {
        status: 'ordered',
        deportationId: d.deportationId,
        operationId: d.operationId,
        orderedBy: d.orderedBy,
        legalGround: d.legalGround,
        orderedAt: d.occurredAt,
        persons: new Map(
          d.persons.map((p) => [
            p.personId,
            { personId: p.personId, nationality: p.nationality, sex: p.sex },
          ]),
        ),
        deportedCount: 0,
      };
    }
    case 'DeportationExecuted': {
      if (state.status === 'none') return state;
      const d = event.data;
      const persons = new Map(state.persons);
      let deportedCount = state.deportedCount;
      for (const personId of d.persons) {
        const person = persons.get(personId);
        if (!person || person.deported) continue;
        persons.set(personId, {
          ...person,
          deported: { checkpoint: d.checkpoint, executedOn: d.executedOn },
        });
        deportedCount++;
      }
      return {
        ...state,
        status: deportedCount === persons.size ? 'executed' : 'partially-executed',
        persons,
        deportedCount,
      };
    }
    case 'DeportationCancelled':
      if (state.status === 'none') return state;
      return {
        ...state,
        status: 'cancelled',
        cancellation: { reason: event.data.reason, cancelledAt: event.data.occurredAt },
      };
    default:
      return assertNever(event, 'deportation event');
  }
}
