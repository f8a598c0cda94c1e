import { type IQueryHandler, QueryHandler } from '@nestjs/cqrs';
import { Permission, requireAccess } from '@ledger/auth';
import { StatisticsQueries } from '@ledger/read-models';
import { ReadYourWrites } from '../../infrastructure/projections/read-your-writes.js';
import {
  GetNationalStatisticsQuery,
  type NationalStatistics,
  traffickingOf,
} from './get-national-statistics.query.js';

@QueryHandler(GetNationalStatisticsQuery)
export class GetNationalStatisticsHandler implements IQueryHandler<GetNationalStatisticsQuery> {
  constructor(
    private readonly statistics: StatisticsQueries,
    private readonly freshness: ReadYourWrites,
  ) {}

  async execute({ actor, params }: GetNationalStatisticsQuery): Promise<NationalStatistics> {
    requireAccess({ actor, permission: Permission.StatisticsRead });
    const consistency = await this.freshness.await(params.minPosition);
    const figures = await this.statistics.national(params.period);
    return { period: params.period, consistency, ...figures, trafficking: traffickingOf(figures.totals) };
  }
}
