import { Controller, Get, Param, Query, Res } from '@nestjs/common';
import { QueryBus } from '@nestjs/cqrs';
import { ApiOperation, ApiParam, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import { type Actor, CurrentActor } from '@ledger/auth';
import { periodOf, PeriodRequestDto } from '../period.request.dto.js';
import { consistencyHeader } from '../consistency-header.js';
import { GetProvinceStatisticsQuery, type ProvinceStatistics } from './get-province-statistics.query.js';

@ApiTags('statistics')
@Controller('statistics/provinces')
export class GetProvinceStatisticsHttpController {
  constructor(private readonly queries: QueryBus) {}

  @Get(':provinceCode')
  @ApiOperation({
    summary:
      "A province's figures for a period: raids, screenings, detentions, victims, fines, cases, deportations",
  })
  @ApiParam({ name: 'provinceCode', example: 'KH-18' })
  async province(
    @CurrentActor() actor: Actor,
    @Param('provinceCode') provinceCode: string,
    @Query() query: PeriodRequestDto,
    @Res({ passthrough: true }) response: Response,
  ): Promise<ProvinceStatistics> {
    const answer = await this.queries.execute(
      new GetProvinceStatisticsQuery(actor, {
        provinceCode,
        period: periodOf(query),
        minPosition: query.minPosition,
      }),
    );
    return consistencyHeader(response, answer);
  }
}
