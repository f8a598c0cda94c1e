import type { JoinJointOperation } from '@ledger/domain';
import { LedgerCommand } from '../../shared/ledger-command.js';

export class JoinJointOperationCommand extends LedgerCommand<JoinJointOperation['data']> {}
