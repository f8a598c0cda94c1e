import { Inject, NotFoundException } from '@nestjs/common';
import { type IQueryHandler, QueryHandler } from '@nestjs/cqrs';
import { AuditLog, type MerkleLeaf, type StoredTreeHead } from '@ledger/audit';
import { Permission, requireAccess } from '@ledger/auth';
import { LEDGER_CONFIG, type LedgerConfig } from '@ledger/config';
import { RuleViolationError } from '@ledger/domain';
import { EVENT_STORE, type EventStore, formatPosition } from '@ledger/event-store';
import { ReadYourWrites } from '../../infrastructure/projections/read-your-writes.js';
import { MERKLE_READ_YOUR_WRITES } from '../merkle-read-your-writes.js';
import { proofFromLog, signedHead } from '../signed-heads.js';
import { GetInclusionProofQuery, type InclusionProof } from './get-inclusion-proof.query.js';

@QueryHandler(GetInclusionProofQuery)
export class GetInclusionProofHandler implements IQueryHandler<GetInclusionProofQuery> {
  constructor(
    private readonly audit: AuditLog,
    @Inject(MERKLE_READ_YOUR_WRITES) private readonly freshness: ReadYourWrites,
    @Inject(EVENT_STORE) private readonly store: EventStore,
    @Inject(LEDGER_CONFIG) private readonly config: LedgerConfig,
  ) {}

  async execute({ actor, params }: GetInclusionProofQuery): Promise<InclusionProof> {
    requireAccess({ actor, permission: Permission.AuditRead });
    await this.freshness.await(params.minPosition);
    const leaf = await this.audit.proofs.leafOf(params.eventId);
    if (!leaf) {
      throw new NotFoundException(
        `Event ${params.eventId} is not in the Merkle log yet: it is unknown, or the merkle_log projection ` +
          'has not reached it (pass the command answer as minPosition to wait for it).',
      );
    }
    const head =
      params.treeSize === undefined
        ? await this.audit.heads.latest()
        : await signedHead(this.audit.heads, params.treeSize);
    if (!head || leaf.leafIndex >= head.treeSize) throw await this.notCovered(leaf, head);
    const proof = await proofFromLog(() => this.audit.proofs.inclusion(leaf.leafIndex, head.treeSize));
    const [stored] = await this.store.readStream(leaf.streamId, { fromRevision: leaf.revision, maxCount: 1 });
    const same = stored?.eventId.toLowerCase() === leaf.eventId.toLowerCase();
    return {
      eventId: leaf.eventId,
      streamId: leaf.streamId,
      revision: leaf.revision,
      position: formatPosition(leaf.position),
      leafIndex: leaf.leafIndex,
      leafHash: leaf.leafHash,
      eventHash: same ? stored.hash : null,
      committedAt: same ? stored.createdAt.toISOString() : null,
      treeSize: head.treeSize,
      proof,
      treeHead: head,
    };
  }

  /** 422 naming a head that does cover the event, or when one will be signed. */
  private async notCovered(leaf: MerkleLeaf, head: StoredTreeHead | undefined): Promise<RuleViolationError> {
    const latest = await this.audit.heads.latest();
    const covering = latest && latest.treeSize > leaf.leafIndex ? latest.treeSize : null;
    const outside = head
      ? `event ${leaf.eventId} is leaf ${leaf.leafIndex}, outside the tree of size ${head.treeSize}`
      : `event ${leaf.eventId} is leaf ${leaf.leafIndex}, and no tree head is signed yet`;
    const { headEveryEvents, headEverySeconds } = this.config.audit;
    const hint =
      covering !== null
        ? `the signed head of size ${covering} covers it (treeSize=${covering})`
        : `no signed head covers it yet; one is signed every ${headEveryEvents} events and, while events come in, ` +
          `every ${headEverySeconds} seconds`;
    return new RuleViolationError('tree-head-does-not-cover-event', `${outside}: ${hint}`, {
      leafIndex: leaf.leafIndex,
      treeSize: head?.treeSize ?? null,
      coveringTreeSize: covering,
    });
  }
}
