import { Controller, Get, Query, Res } from '@nestjs/common';
import { QueryBus } from '@nestjs/cqrs';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import { type Actor, CurrentActor } from '@ledger/auth';
import { periodOf, PeriodRequestDto } from '../period.request.dto.js';
import { consistencyHeader } from '../consistency-header.js';
import { GetNationalStatisticsQuery, type NationalStatistics } from './get-national-statistics.query.js';

@ApiTags('statistics')
@Controller('statistics')
export class GetNationalStatisticsHttpController {
  constructor(private readonly queries: QueryBus) {}

  @Get('national')
  @ApiOperation({ summary: 'National totals, nationality breakdown and trafficking figures for a period' })
  async national(
    @CurrentActor() actor: Actor,
    @Query() query: PeriodRequestDto,
    @Res({ passthrough: true }) response: Response,
  ): Promise<NationalStatistics> {
    const answer = await this.queries.execute(
      new GetNationalStatisticsQuery(actor, { period: periodOf(query), minPosition: query.minPosition }),
    );
    return consistencyHeader(response, answer);
  }
}
