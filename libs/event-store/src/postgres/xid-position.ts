/**
 * Global positions in the PostgreSQL store: (transaction id << 20) + index of the event within
 * its append.
 *
 * Why: a sequence hands out numbers at insert time but rows become visible at commit, so a
 * reader of `position > checkpoint` can pass a number whose transaction commits later and skip
 * it forever. Deriving the position from the transaction id instead lets readers cut the log at
 * the snapshot's xmin: every transaction with an xid below xmin has finished, and no transaction
 * can still be given such an xid, so nothing can ever appear below that cut. Readers see only
 * `position < xmin << 20`; what they return is final and a checkpoint is never passed by a late
 * commit. Writers never wait for each other (except on the same stream), so commits still group.
 *
 * Consequence: a long-running transaction that has written anything, anywhere in the cluster
 * (xmin is cluster-wide, prepared transactions included), holds subscribers back until it ends.
 * It delays them; it never makes them skip.
 *
 * Per stream, positions follow revisions: an append goes after events its snapshot saw committed,
 * and takes its xid only when it writes, after that snapshot (see the append statement).
 */

export const XID_SHIFT = 20n;
/** The index must fit the low 20 bits; larger appends are refused up front. */
export const MAX_EVENTS_PER_APPEND = 2 ** Number(XID_SHIFT) - 1;

export function encodePosition(transactionId: bigint, index: number): bigint {
  if (transactionId < 0n) throw new RangeError(`transaction id must not be negative, got ${transactionId}`);
  if (!Number.isInteger(index) || index < 0 || index >= MAX_EVENTS_PER_APPEND) {
    throw new RangeError(`index within an append must be in 0..${MAX_EVENTS_PER_APPEND - 1}, got ${index}`);
  }
  return (transactionId << XID_SHIFT) + BigInt(index);
}

export function decodePosition(position: bigint): { transactionId: bigint; index: number } {
  if (position < 0n) throw new RangeError(`a position is never negative, got ${position}`);
  return { transactionId: position >> XID_SHIFT, index: Number(position & ((1n << XID_SHIFT) - 1n)) };
}

/** SQL for the same encoding, for use inside statements. */
export const SQL_CURRENT_XID = 'pg_current_xact_id()::text::bigint';
/** Positions strictly below this are final: every transaction that could write there has ended. */
export const SQL_VISIBLE_HORIZON = `(pg_snapshot_xmin(pg_current_snapshot())::text::bigint << ${XID_SHIFT})`;
