import type { CancelDeportation } from '@ledger/domain';
import { LedgerCommand } from '../../shared/ledger-command.js';

export class CancelDeportationCommand extends LedgerCommand<CancelDeportation['data']> {}
