import { Inject } from '@nestjs/common';
import { type IQueryHandler, QueryHandler } from '@nestjs/cqrs';
import { Permission, requireAccess } from '@ledger/auth';
import type { Projector } from '@ledger/read-models';
import { PROJECTORS } from '../../infrastructure/projections/projections.module.js';
import { GetProjectionsQuery, type ProjectionView, projectionView } from './get-projections.query.js';

@QueryHandler(GetProjectionsQuery)
export class GetProjectionsHandler implements IQueryHandler<GetProjectionsQuery> {
  constructor(@Inject(PROJECTORS) private readonly projectors: readonly Projector[]) {}

  async execute({ actor }: GetProjectionsQuery): Promise<ProjectionView[]> {
    requireAccess({ actor, permission: Permission.StatisticsRead });
    return Promise.all(this.projectors.map(async (projector) => projectionView(await projector.health())));
  }
}
