import { MerkleProofs, TreeHeads } from '@ledger/audit';
import type { EventStore, RecordedEvent } from '@ledger/event-store';
import { LogVerifier, type Problem, type RecordedLeaf, type VerifyReport } from '@ledger/ledger-integrity';
import type { SqlClient } from '@ledger/sql';

export interface VerifyLedgerOptions {
  store: EventStore;
  /** The database holding the Merkle log and the signed heads (the read-model database). */
  sql: SqlClient;
  schema: string;
  /** Public keys the auditor trusts (PEM). Without them, the keys the ledger publishes are used. */
  trustedKeys?: readonly string[];
  batchSize?: number;
  onProgress?: (done: number, total: number) => void;
}

export interface LedgerVerifyReport extends VerifyReport {
  /** Where the public keys came from: the auditor's own files, or the ledger's table of published keys. */
  keys: 'trusted' | 'published';
  merkleLogSize: number;
}

/**
 * `verify` against the live stores: reads the whole log in global order and checks it with `LogVerifier`, comparing
 * each event with the leaf the ledger's Merkle log recorded for its index, so a deletion, insertion or move is named
 * at the exact event, not just somewhere below a signed head.
 */
export async function verifyLedger(options: VerifyLedgerOptions): Promise<LedgerVerifyReport> {
  const { store, sql, schema } = options;
  const heads = new TreeHeads(sql, schema);
  const proofs = new MerkleProofs(sql, schema);
  const published = [...(await heads.publishedKeys()).values()];
  const keys = options.trustedKeys ?? published;
  const verifier = new LogVerifier(await heads.all(), keys);
  const merkleLogSize = await proofs.size();
  // The Merkle log's size is the progress bar's total: counting the log itself would cost a pass.
  const total = merkleLogSize;
  const batchSize = options.batchSize ?? 5_000;

  let after: bigint | undefined;
  for (;;) {
    const [events, leaves] = await Promise.all([
      store.readAll({ ...(after === undefined ? {} : { after }), maxCount: batchSize }),
      verifier.aligned ? proofs.leaves(verifier.size, batchSize) : Promise.resolve([]),
    ]);
    if (events.length === 0) break;
    const byIndex = new Map(leaves.map((leaf) => [leaf.leafIndex, leaf]));
    for (const event of events) {
      const index = verifier.size;
      const recorded = byIndex.get(index);
      if (verifier.add(event, recorded) === 'leaf-mismatch' && recorded) {
        verifier.report(await classifyMismatch(store, proofs, event, recorded, index));
      }
    }
    after = events.at(-1)!.position;
    options.onProgress?.(verifier.size, Math.max(total, verifier.size));
  }
  return {
    ...verifier.finish(merkleLogSize),
    keys: options.trustedKeys ? 'trusted' : 'published',
    merkleLogSize,
  };
}

/**
 * At `index` the log holds `event` where the ledger recorded `recorded`. Whichever of them is out of place says
 * what happened: the recorded event is gone (deleted), the event here was never recorded (inserted), or both
 * exist and sit elsewhere (reordered).
 */
async function classifyMismatch(
  store: EventStore,
  proofs: MerkleProofs,
  event: RecordedEvent,
  recorded: RecordedLeaf,
  index: number,
): Promise<Problem> {
  const [stored] = await store.readStream(recorded.streamId, {
    fromRevision: recorded.revision,
    maxCount: 1,
  });
  if (stored?.eventId.toLowerCase() !== recorded.eventId.toLowerCase()) {
    return {
      kind: 'deleted',
      index,
      eventId: recorded.eventId,
      streamId: recorded.streamId,
      revision: recorded.revision,
      position: recorded.position.toString(),
      message: `event ${recorded.eventId} (revision ${recorded.revision} of ${recorded.streamId}), recorded at position ${recorded.position}, is gone from the log`,
    };
  }
  const place = {
    index,
    eventId: event.eventId,
    streamId: event.streamId,
    revision: event.revision,
    position: event.position.toString(),
  };
  const leaf = await proofs.leafOf(event.eventId);
  if (!leaf) {
    return {
      kind: 'inserted',
      ...place,
      message: `event ${event.eventId} at position ${event.position} (revision ${event.revision} of ${event.streamId}) was never recorded in the Merkle log: it was added behind the ledger's back`,
    };
  }
  return {
    kind: 'reordered',
    ...place,
    message: `event ${event.eventId} of ${event.streamId} now sits at position ${event.position}, where the ledger recorded event ${recorded.eventId} (position ${recorded.position}); it was recorded at position ${leaf.position}`,
  };
}
