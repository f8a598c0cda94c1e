import type { SendCaseToCourt } from '@ledger/domain';
import { LedgerCommand } from '../../shared/ledger-command.js';

export class SendCaseToCourtCommand extends LedgerCommand<SendCaseToCourt['data']> {}
