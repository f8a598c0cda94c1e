import type { DecideContext, Decider } from '../shared/decider.js';
import type { PersonCommand } from './person.commands.js';
import { decidePerson } from './person.decide.js';
import type { PersonEvent } from './person.events.js';
import { evolvePerson } from './person.evolve.js';
import { initialPersonState, type PersonState } from './person.state.js';

export const personDecider: Decider<PersonCommand, PersonState, PersonEvent, DecideContext> = {
  initialState: initialPersonState,
  decide: decidePerson,
  evolve: evolvePerson,
};
