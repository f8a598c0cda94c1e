import type { Decider, DecideContext } from '../shared/decider.js';
import type { JointOperationCommand } from './joint-operation.commands.js';
import { decideJointOperation } from './joint-operation.decide.js';
import type { JointOperationEvent } from './joint-operation.events.js';
import { evolveJointOperation } from './joint-operation.evolve.js';
import { initialJointOperationState, type JointOperationState } from './joint-operation.state.js';

export const jointOperationDecider: Decider<
  JointOperationCommand,
  JointOperationState,
  JointOperationEvent,
  DecideContext
> = {
  initialState: initialJointOperationState,
  decide: decideJointOperation,
  evolve: evolveJointOperation,
};
