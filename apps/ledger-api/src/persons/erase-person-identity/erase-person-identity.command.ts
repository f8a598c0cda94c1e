import type { ErasePersonIdentity } from '@ledger/domain';
import { LedgerCommand } from '../../shared/ledger-command.js';

export class ErasePersonIdentityCommand extends LedgerCommand<ErasePersonIdentity['data']> {}
