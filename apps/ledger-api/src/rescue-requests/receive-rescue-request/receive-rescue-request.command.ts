import type { ReceiveRescueRequest } from '@ledger/domain';
import { LedgerCommand } from '../../shared/ledger-command.js';

export class ReceiveRescueRequestCommand extends LedgerCommand<ReceiveRescueRequest['data']> {}
