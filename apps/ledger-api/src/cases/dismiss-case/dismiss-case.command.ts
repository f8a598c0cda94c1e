import type { DismissCase } from '@ledger/domain';
import { LedgerCommand } from '../../shared/ledger-command.js';

export class DismissCaseCommand extends LedgerCommand<DismissCase['data']> {}
