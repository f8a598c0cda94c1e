import type { RevokeCaseAccess } from '@ledger/domain';
import { LedgerCommand } from '../../shared/ledger-command.js';

export class RevokeCaseAccessCommand extends LedgerCommand<RevokeCaseAccess['data']> {}
