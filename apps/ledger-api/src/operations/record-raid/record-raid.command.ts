import type { RecordRaid } from '@ledger/domain';
import { LedgerCommand } from '../../shared/ledger-command.js';

export class RecordRaidCommand extends LedgerCommand<RecordRaid['data']> {}
