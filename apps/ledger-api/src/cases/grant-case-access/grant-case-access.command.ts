import type { GrantCaseAccess } from '@ledger/domain';
import { LedgerCommand } from '../../shared/ledger-command.js';

export class GrantCaseAccessCommand extends LedgerCommand<GrantCaseAccess['data']> {}
