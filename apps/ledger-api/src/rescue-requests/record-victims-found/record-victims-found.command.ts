import type { RecordVictimsFound } from '@ledger/domain';
import { LedgerCommand } from '../../shared/ledger-command.js';

export class RecordVictimsFoundCommand extends LedgerCommand<RecordVictimsFound['data']> {}
