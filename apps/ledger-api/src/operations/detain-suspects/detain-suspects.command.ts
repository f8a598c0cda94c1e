import type { DetainSuspects } from '@ledger/domain';
import { LedgerCommand } from '../../shared/ledger-command.js';

export class DetainSuspectsCommand extends LedgerCommand<DetainSuspects['data']> {}
