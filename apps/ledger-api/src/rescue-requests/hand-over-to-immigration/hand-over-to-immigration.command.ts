import type { HandOverToImmigration } from '@ledger/domain';
import { LedgerCommand } from '../../shared/ledger-command.js';

export class HandOverToImmigrationCommand extends LedgerCommand<HandOverToImmigration['data']> {}
