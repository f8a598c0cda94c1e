import type { ReleaseDetainee } from '@ledger/domain';
import { LedgerCommand } from '../../shared/ledger-command.js';

export class ReleaseDetaineeCommand extends LedgerCommand<ReleaseDetainee['data']> {}
