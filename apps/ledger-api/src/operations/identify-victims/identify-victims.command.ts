import type { IdentifyVictims } from '@ledger/domain';
import { LedgerCommand } from '../../shared/ledger-command.js';

export class IdentifyVictimsCommand extends LedgerCommand<IdentifyVictims['data']> {}
