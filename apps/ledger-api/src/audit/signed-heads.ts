import { NotFoundException, ServiceUnavailableException } from '@nestjs/common';
import type { StoredTreeHead, TreeHeads } from '@ledger/audit';

/** The signed head of exactly `treeSize` events: proofs are only served against roots the ledger signed. */
export async function signedHead(heads: TreeHeads, treeSize: number): Promise<StoredTreeHead> {
  const head = await heads.bySize(treeSize);
  if (!head) {
    throw new NotFoundException(
      `No tree head of size ${treeSize} is signed; GET /audit/tree-heads/latest names the newest one.`,
    );
  }
  return head;
}

/**
 * Runs a proof over the stored Merkle log. It holds fewer events than a signed head only when it was rebuilt
 * from fewer events than it had signed for (or is being rebuilt): the operators must look, the client can retry.
 */
export async function proofFromLog<T>(prove: () => Promise<T>): Promise<T> {
  try {
    return await prove();
  } catch (err) {
    if (!(err instanceof RangeError)) throw err;
    throw new ServiceUnavailableException(`The Merkle log cannot serve this proof now: ${err.message}.`);
  }
}
