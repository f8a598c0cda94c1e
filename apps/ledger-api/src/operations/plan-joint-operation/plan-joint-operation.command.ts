import type { PlanJointOperation } from '@ledger/domain';
import { LedgerCommand } from '../../shared/ledger-command.js';

export class PlanJointOperationCommand extends LedgerCommand<PlanJointOperation['data']> {}
