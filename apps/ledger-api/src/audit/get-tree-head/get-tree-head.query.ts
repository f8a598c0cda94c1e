import type { StoredTreeHead } from '@ledger/audit';
import { LedgerQuery } from '../../shared/ledger-command.js';

/** `latest`, or the exact size of a signed head. */
export class GetTreeHeadQuery extends LedgerQuery<{ treeSize: number | 'latest' }, StoredTreeHead> {}
