import type { SealCase } from '@ledger/domain';
import { LedgerCommand } from '../../shared/ledger-command.js';

export class SealCaseCommand extends LedgerCommand<SealCase['data']> {}
