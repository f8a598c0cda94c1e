import type { ImposeFine } from '@ledger/domain';
import { LedgerCommand } from '../../shared/ledger-command.js';

export class ImposeFineCommand extends LedgerCommand<ImposeFine['data']> {}
