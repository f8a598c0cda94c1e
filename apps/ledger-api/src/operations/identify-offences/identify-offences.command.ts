import type { IdentifyOffences } from '@ledger/domain';
import { LedgerCommand } from '../../shared/ledger-command.js';

export class IdentifyOffencesCommand extends LedgerCommand<IdentifyOffences['data']> {}
