import { NotFoundException } from '@nestjs/common';
import { type IQueryHandler, QueryHandler } from '@nestjs/cqrs';
import { AuditLog, type StoredTreeHead } from '@ledger/audit';
import { Permission, requireAccess } from '@ledger/auth';
import { signedHead } from '../signed-heads.js';
import { GetTreeHeadQuery } from './get-tree-head.query.js';

@QueryHandler(GetTreeHeadQuery)
export class GetTreeHeadHandler implements IQueryHandler<GetTreeHeadQuery> {
  constructor(private readonly audit: AuditLog) {}

  async execute({ actor, params }: GetTreeHeadQuery): Promise<StoredTreeHead> {
    requireAccess({ actor, permission: Permission.AuditRead });
    if (params.treeSize !== 'latest') return signedHead(this.audit.heads, params.treeSize);
    const latest = await this.audit.heads.latest();
    if (!latest) {
      throw new NotFoundException(
        'No tree head is signed yet: the first is signed once the Merkle log holds events.',
      );
    }
    return latest;
  }
}
