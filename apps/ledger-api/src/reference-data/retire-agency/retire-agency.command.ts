import type { RetireAgency } from '@ledger/domain';
import { LedgerCommand } from '../../shared/ledger-command.js';

export class RetireAgencyCommand extends LedgerCommand<RetireAgency['data']> {}
