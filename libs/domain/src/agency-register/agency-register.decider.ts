import type { DecideContext, Decider } from '../shared/decider.js';
import type { AgencyRegisterCommand } from './agency-register.commands.js';
import { decideAgencyRegister } from './agency-register.decide.js';
import type { AgencyRegisterEvent } from './agency-register.events.js';
import { evolveAgencyRegister } from './agency-register.evolve.js';
import { initialAgencyRegisterState, type AgencyRegisterState } from './agency-register.state.js';

export const agencyRegisterDecider: Decider<
  AgencyRegisterCommand,
  AgencyRegisterState,
  AgencyRegisterEvent,
  DecideContext
> = {
  initialState: initialAgencyRegisterState,
  decide: decideAgencyRegister,
  evolve: evolveAgencyRegister,
};
