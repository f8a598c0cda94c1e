import type { CloseRescueRequest } from '@ledger/domain';
import { LedgerCommand } from '../../shared/ledger-command.js';

export class CloseRescueRequestCommand extends LedgerCommand<CloseRescueRequest['data']> {}
