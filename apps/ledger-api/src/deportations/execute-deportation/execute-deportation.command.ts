import type { ExecuteDeportation } from '@ledger/domain';
import { LedgerCommand } from '../../shared/ledger-command.js';

export class ExecuteDeportationCommand extends LedgerCommand<ExecuteDeportation['data']> {}
