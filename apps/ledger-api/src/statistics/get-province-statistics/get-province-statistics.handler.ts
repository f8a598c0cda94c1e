import { type IQueryHandler, QueryHandler } from '@nestjs/cqrs';
import { Permission, requireAccess } from '@ledger/auth';
import { AggregateNotFoundError, findProvince } from '@ledger/domain';
import { StatisticsQueries } from '@ledger/read-models';
import { ReadYourWrites } from '../../infrastructure/projections/read-your-writes.js';
import { GetProvinceStatisticsQuery, type ProvinceStatistics } from './get-province-statistics.query.js';

@QueryHandler(GetProvinceStatisticsQuery)
export class GetProvinceStatisticsHandler implements IQueryHandler<GetProvinceStatisticsQuery> {
  constructor(
    private readonly statistics: StatisticsQueries,
    private readonly freshness: ReadYourWrites,
  ) {}

  async execute({ actor, params }: GetProvinceStatisticsQuery): Promise<ProvinceStatistics> {
    requireAccess({ actor, permission: Permission.StatisticsRead });
    const province = findProvince(params.provinceCode);
    if (!province) throw new AggregateNotFoundError('province', params.provinceCode);
    const consistency = await this.freshness.await(params.minPosition);
    const figures = await this.statistics.province(province.code, params.period);
    return {
      province: { code: province.code, name: province.name },
      period: params.period,
      consistency,
      ...figures,
    };
  }
}
