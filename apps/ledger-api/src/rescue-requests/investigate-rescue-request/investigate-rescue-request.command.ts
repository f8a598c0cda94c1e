import type { InvestigateRescueRequest } from '@ledger/domain';
import { LedgerCommand } from '../../shared/ledger-command.js';

export class InvestigateRescueRequestCommand extends LedgerCommand<InvestigateRescueRequest['data']> {}
