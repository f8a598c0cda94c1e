import type { CloseJointOperation } from '@ledger/domain';
import { LedgerCommand } from '../../shared/ledger-command.js';

export class CloseJointOperationCommand extends LedgerCommand<CloseJointOperation['data']> {}
