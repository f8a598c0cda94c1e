import type { UnsealCase } from '@ledger/domain';
import { LedgerCommand } from '../../shared/ledger-command.js';

export class UnsealCaseCommand extends LedgerCommand<UnsealCase['data']> {}
