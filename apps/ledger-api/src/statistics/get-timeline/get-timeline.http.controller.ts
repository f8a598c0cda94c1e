import { Controller, Get, Param, Query, Req, Res } from '@nestjs/common';
import { QueryBus } from '@nestjs/cqrs';
import { ApiOperation, ApiTags, PickType } from '@nestjs/swagger';
import type { Request, Response } from 'express';
import { type Actor, CurrentActor } from '@ledger/auth';
import { IdParamPipe } from '../../infrastructure/http/id-param.pipe.js';
import { collectionOf, recordRoutes } from '../../records/record-path.js';
import { PeriodRequestDto } from '../period.request.dto.js';
import { consistencyHeader } from '../consistency-header.js';
import { GetTimelineQuery, type Timeline } from './get-timeline.query.js';

class TimelineRequestDto extends PickType(PeriodRequestDto, ['minPosition'] as const) {}

@ApiTags('records')
@Controller()
export class GetTimelineHttpController {
  constructor(private readonly queries: QueryBus) {}

  @Get(recordRoutes('/timeline'))
  @ApiOperation({
    summary: 'Everything every agency recorded about an operation, case, deportation or request, in order',
  })
  async timeline(
    @CurrentActor() actor: Actor,
    @Param('id', new IdParamPipe('id')) id: string,
    @Query() query: TimelineRequestDto,
    @Req() request: Request,
    @Res({ passthrough: true }) response: Response,
  ): Promise<Timeline> {
    const answer = await this.queries.execute(
      new GetTimelineQuery(actor, { collection: collectionOf(request), id, minPosition: query.minPosition }),
    );
    return consistencyHeader(response, answer);
  }
}
