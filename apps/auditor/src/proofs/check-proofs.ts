import { MerkleProofs, TreeHeads } from '@ledger/audit';
import type { EventStore } from '@ledger/event-store';
import {
  GENESIS_HASH,
  chainHash,
  eventHashBody,
  eventLeafHash,
  hashFromHex,
  verifyConsistency,
  verifyInclusion,
  verifyTreeHead,
  type SignedTreeHead,
} from '@ledger/ledger-integrity';
import type { SqlClient } from '@ledger/sql';

export interface ProofCheck {
  valid: boolean;
  /** Why the check failed, or what was proven. */
  message: string;
  proof: string[];
}

interface ProofContext {
  sql: SqlClient;
  schema: string;
  /** A head the auditor already trusts (e.g. kept from an earlier check). */
  trustedHead: SignedTreeHead;
  /** Keys that may have signed heads; without them, the ledger's published keys. */
  trustedKeys?: readonly string[];
}

/**
 * `prove <eventId>`: the event, as the store holds it now, is the one the trusted head covers. The leaf is
 * recomputed from the event itself (content through its chain hash, position and recorded time), so a stored
 * event that was changed fails even when the stored proof is intact.
 */
export async function proveEvent(
  options: ProofContext & { store: EventStore; eventId: string },
): Promise<ProofCheck> {
  const { trustedHead: head } = options;
  const fail = (message: string, proof: string[] = []): ProofCheck => ({ valid: false, message, proof });
  if (!(await signedByTrustedKey(options))) return fail(`the trusted head has no valid signature`);
  const proofs = new MerkleProofs(options.sql, options.schema);
  const leaf = await proofs.leafOf(options.eventId);
  if (!leaf) return fail(`event ${options.eventId} is not in the ledger's Merkle log`);
  if (leaf.leafIndex >= head.treeSize) {
    return fail(
      `event ${options.eventId} is leaf ${leaf.leafIndex}, after the ${head.treeSize} events the trusted head covers`,
    );
  }
  const from = Math.max(leaf.revision - 1, 0);
  const events = await options.store.readStream(leaf.streamId, { fromRevision: from, maxCount: 2 });
  const event = events.find((e) => e.revision === leaf.revision);
  if (!event || event.eventId.toLowerCase() !== options.eventId.toLowerCase()) {
    return fail(`event ${options.eventId} is no longer at revision ${leaf.revision} of ${leaf.streamId}`);
  }
  const previous =
    leaf.revision === 0 ? GENESIS_HASH : events.find((e) => e.revision === leaf.revision - 1)?.hash;
  if (previous === undefined || chainHash(previous, eventHashBody(event)) !== event.hash) {
    return fail(`event ${options.eventId} does not match its hash: its content was changed`);
  }
  const proof = await proofs.inclusion(leaf.leafIndex, head.treeSize);
  const included = verifyInclusion(
    eventLeafHash(event),
    leaf.leafIndex,
    head.treeSize,
    proof.map((hex) => hashFromHex(hex)),
    hashFromHex(head.rootHash),
  );
  return included
    ? {
        valid: true,
        message: `event ${options.eventId} (revision ${event.revision} of ${event.streamId}, position ${event.position}) is leaf ${leaf.leafIndex} of the trusted tree of ${head.treeSize} events`,
        proof,
      }
    : fail(`the inclusion proof of leaf ${leaf.leafIndex} does not lead to the trusted root`, proof);
}

/**
 * `consistency <size1> <size2>`: the ledger's tree of size2 extends the tree of size1 without changing it. One of
 * the two heads is the trusted one; the other is the ledger's signed head of that size, checked for its signature.
 */
export async function proveConsistency(
  options: ProofContext & { size1: number; size2: number },
): Promise<ProofCheck> {
  const { size1, size2, trustedHead } = options;
  const fail = (message: string, proof: string[] = []): ProofCheck => ({ valid: false, message, proof });
  if (!(size1 <= size2)) return fail(`size1 (${size1}) must not exceed size2 (${size2})`);
  if (trustedHead.treeSize !== size1 && trustedHead.treeSize !== size2) {
    return fail(`the trusted head has size ${trustedHead.treeSize}, neither ${size1} nor ${size2}`);
  }
  if (!(await signedByTrustedKey(options))) return fail(`the trusted head has no valid signature`);
  const otherSize = trustedHead.treeSize === size1 ? size2 : size1;
  const other = await new TreeHeads(options.sql, options.schema).bySize(otherSize);
  if (!other) return fail(`the ledger has no signed head of size ${otherSize}`);
  if (!(await signedByTrustedKey({ ...options, trustedHead: other }))) {
    return fail(`the ledger's head of size ${otherSize} has no valid signature`);
  }
  const [older, newer] = trustedHead.treeSize === size1 ? [trustedHead, other] : [other, trustedHead];
  const proof = await new MerkleProofs(options.sql, options.schema).consistency(size1, size2);
  const consistent = verifyConsistency(
    size1,
    size2,
    proof.map((hex) => hashFromHex(hex)),
    hashFromHex(older.rootHash),
    hashFromHex(newer.rootHash),
  );
  return consistent
    ? {
        valid: true,
        message: `the tree of ${size2} events (root ${newer.rootHash}) extends the tree of ${size1} (root ${older.rootHash})`,
        proof,
      }
    : fail(`the trees of ${size1} and ${size2} events are not consistent: history was rewritten`, proof);
}

async function signedByTrustedKey(options: ProofContext): Promise<boolean> {
  const keys = options.trustedKeys ?? [
    ...(await new TreeHeads(options.sql, options.schema).publishedKeys()).values(),
  ];
  return keys.some((key) => verifyTreeHead(options.trustedHead, key));
}

/** Reads a trusted head from JSON: a head, or an API answer that carries one under `treeHead`. */
export function parseTrustedHead(text: string): SignedTreeHead {
  const parsed = JSON.parse(text) as Partial<SignedTreeHead> & { treeHead?: SignedTreeHead };
  const head = parsed.treeHead ?? parsed;
  if (
    typeof head.treeSize !== 'number' ||
    typeof head.rootHash !== 'string' ||
    typeof head.timestamp !== 'string' ||
    typeof head.signature !== 'string'
  ) {
    throw new TypeError('a trusted head needs treeSize, rootHash, timestamp and signature');
  }
  return {
    treeSize: head.treeSize,
    rootHash: head.rootHash,
    timestamp: head.timestamp,
    signature: head.signature,
  };
}
