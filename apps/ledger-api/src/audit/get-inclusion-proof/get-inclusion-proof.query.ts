import type { StoredTreeHead } from '@ledger/audit';
import { LedgerQuery } from '../../shared/ledger-command.js';

export interface InclusionProof {
  eventId: string;
  streamId: string;
  revision: number;
  /** Global position (a decimal string: it may exceed 2^53). */
  position: string;
  leafIndex: number;
  /** The Merkle leaf hash, hex; `proof` leads from it to `treeHead.rootHash`. */
  leafHash: string;
  /**
   * The event's chain hash and the store's commit time as the store holds them now: with `position` they give
   * `leafHash` again (see GET /audit/public-key), and the chain hash is recomputed from the event's stream.
   * Null when the store no longer holds the event the leaf names, which is itself evidence of tampering.
   */
  eventHash: string | null;
  committedAt: string | null;
  treeSize: number;
  /** The audit path of RFC 9162 section 2.1.3, leaf upwards, hex. */
  proof: string[];
  treeHead: StoredTreeHead;
}

export class GetInclusionProofQuery extends LedgerQuery<
  { eventId: string; treeSize?: number; minPosition?: string },
  InclusionProof
> {}
