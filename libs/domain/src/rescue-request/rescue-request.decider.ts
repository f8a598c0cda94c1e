import type { Decider, DecideContext } from '../shared/decider.js';
import type { RescueRequestCommand } from './rescue-request.commands.js';
import { decideRescueRequest } from './rescue-request.decide.js';
import type { RescueRequestEvent } from './rescue-request.events.js';
import { evolveRescueRequest } from './rescue-request.evolve.js';
import { initialRescueRequestState, type RescueRequestState } from './rescue-request.state.js';

export const rescueRequestDecider: Decider<
  RescueRequestCommand,
  RescueRequestState,
  RescueRequestEvent,
  DecideContext
> = {
  initialState: initialRescueRequestState,
  decide: decideRescueRequest,
  evolve: evolveRescueRequest,
};
