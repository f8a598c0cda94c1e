import type { RegisterAgency } from '@ledger/domain';
import { LedgerCommand } from '../../shared/ledger-command.js';

export class RegisterAgencyCommand extends LedgerCommand<RegisterAgency['data']> {}
