import type { StoredTreeHead } from '@ledger/audit';
import { LedgerQuery } from '../../shared/ledger-command.js';

export interface ConsistencyProof {
  from: number;
  to: number;
  /** RFC 9162 section 2.1.4 consistency proof, hex; empty when from = to. */
  proof: string[];
  fromHead: StoredTreeHead;
  toHead: StoredTreeHead;
}

export class GetConsistencyProofQuery extends LedgerQuery<{ from: number; to: number }, ConsistencyProof> {}
