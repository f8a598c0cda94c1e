import type { OrderDeportation } from '@ledger/domain';
import { LedgerCommand } from '../../shared/ledger-command.js';

export class OrderDeportationCommand extends LedgerCommand<OrderDeportation['data']> {}
