import { type IQueryHandler, QueryHandler } from '@nestjs/cqrs';
import { AuditLog } from '@ledger/audit';
import { Permission, requireAccess } from '@ledger/auth';
import { proofFromLog, signedHead } from '../signed-heads.js';
import { type ConsistencyProof, GetConsistencyProofQuery } from './get-consistency-proof.query.js';

@QueryHandler(GetConsistencyProofQuery)
export class GetConsistencyProofHandler implements IQueryHandler<GetConsistencyProofQuery> {
  constructor(private readonly audit: AuditLog) {}

  async execute({ actor, params }: GetConsistencyProofQuery): Promise<ConsistencyProof> {
    requireAccess({ actor, permission: Permission.AuditRead });
    const fromHead = await signedHead(this.audit.heads, params.from);
    const toHead = await signedHead(this.audit.heads, params.to);
    const proof = await proofFromLog(() => this.audit.proofs.consistency(params.from, params.to));
    return { from: params.from, to: params.to, proof, fromHead, toHead };
  }
}
