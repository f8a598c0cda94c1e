import { Controller, Get, Param, Query, Res } from '@nestjs/common';
import { QueryBus } from '@nestjs/cqrs';
import { ApiOperation, ApiParam, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import { type Actor, CurrentActor } from '@ledger/auth';
import { periodOf, PeriodRequestDto } from '../period.request.dto.js';
import { consistencyHeader } from '../consistency-header.js';
import { type AgencyStatistics, GetAgencyStatisticsQuery } from './get-agency-statistics.query.js';

@ApiTags('statistics')
@Controller('statistics/agencies')
export class GetAgencyStatisticsHttpController {
  constructor(private readonly queries: QueryBus) {}

  @Get(':agencyId')
  @ApiOperation({
    summary: "An agency's figures: operations it led and joined kept apart, its own cases and deportations",
  })
  @ApiParam({ name: 'agencyId', example: 'gdi' })
  async agency(
    @CurrentActor() actor: Actor,
    @Param('agencyId') agencyId: string,
    @Query() query: PeriodRequestDto,
    @Res({ passthrough: true }) response: Response,
  ): Promise<AgencyStatistics> {
    const answer = await this.queries.execute(
      new GetAgencyStatisticsQuery(actor, {
        agencyId,
        period: periodOf(query),
        minPosition: query.minPosition,
      }),
    );
    return consistencyHeader(response, answer);
  }
}
