import type { Decider } from '../shared/decider.js';
import type { DeportationCommand } from './deportation.commands.js';
import { decideDeportation } from './deportation.decide.js';
import type { DeportationEvent } from './deportation.events.js';
import { evolveDeportation } from './deportation.evolve.js';
import {
  initialDeportationState,
  type DeportationDecideContext,
  type DeportationState,
} from './deportation.state.js';

export const deportationDecider: Decider<
  DeportationCommand,
  DeportationState,
  DeportationEvent,
  DeportationDecideContext
> = {
  initialState: initialDeportationState,
  decide: decideDeportation,
  evolve: evolveDeportation,
};
