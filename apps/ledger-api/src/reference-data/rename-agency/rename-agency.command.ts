import type { RenameAgency } from '@ledger/domain';
import { LedgerCommand } from '../../shared/ledger-command.js';

export class RenameAgencyCommand extends LedgerCommand<RenameAgency['data']> {}
