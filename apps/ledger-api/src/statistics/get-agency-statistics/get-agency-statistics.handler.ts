import { type IQueryHandler, QueryHandler } from '@nestjs/cqrs';
import { Permission, requireAccess } from '@ledger/auth';
import { AggregateNotFoundError } from '@ledger/domain';
import { StatisticsQueries } from '@ledger/read-models';
import { ReadYourWrites } from '../../infrastructure/projections/read-your-writes.js';
import { AgencyRegister } from '../../infrastructure/reference-data/agency-register.js';
import { type AgencyStatistics, GetAgencyStatisticsQuery } from './get-agency-statistics.query.js';

@QueryHandler(GetAgencyStatisticsQuery)
export class GetAgencyStatisticsHandler implements IQueryHandler<GetAgencyStatisticsQuery> {
  constructor(
    private readonly statistics: StatisticsQueries,
    private readonly freshness: ReadYourWrites,
    private readonly register: AgencyRegister,
  ) {}

  async execute({ actor, params }: GetAgencyStatisticsQuery): Promise<AgencyStatistics> {
    requireAccess({ actor, permission: Permission.StatisticsRead });
    const { agency } = await this.register.find(params.agencyId);
    if (!agency) throw new AggregateNotFoundError('agency', params.agencyId);
    const consistency = await this.freshness.await(params.minPosition);
    const figures = await this.statistics.agency(agency.id, params.period);
    return {
      agency: { id: agency.id, kind: agency.kind, name: agency.name },
      period: params.period,
      consistency,
      figures,
    };
  }
}
