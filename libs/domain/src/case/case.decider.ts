import type { Decider } from '../shared/decider.js';
import type { CaseCommand } from './case.commands.js';
import { decideCase } from './case.decide.js';
import type { CaseEvent } from './case.events.js';
import { evolveCase } from './case.evolve.js';
import { initialCaseState, type CaseDecideContext, type CaseState } from './case.state.js';

export const caseDecider: Decider<CaseCommand, CaseState, CaseEvent, CaseDecideContext> = {
  initialState: initialCaseState,
  decide: decideCase,
  evolve: evolveCase,
};
