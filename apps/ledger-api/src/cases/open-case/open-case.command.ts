import type { OpenCase } from '@ledger/domain';
import { LedgerCommand } from '../../shared/ledger-command.js';

export class OpenCaseCommand extends LedgerCommand<OpenCase['data']> {}
