import { Controller, Get, Param, Req } from '@nestjs/common';
import { QueryBus } from '@nestjs/cqrs';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import type { Request } from 'express';
import { type Actor, CurrentActor } from '@ledger/auth';
import { IdParamPipe } from '../../infrastructure/http/id-param.pipe.js';
import { collectionOf, recordRoutes } from '../record-path.js';
import type { PublicEvent } from '@ledger/event-store';
import { GetAggregateHistoryQuery } from './get-aggregate-history.query.js';

@ApiTags('records')
@Controller()
export class GetAggregateHistoryHttpController {
  constructor(private readonly queries: QueryBus) {}

  @Get(recordRoutes('/events'))
  @ApiOperation({
    summary: 'Every event of an operation, case, deportation or rescue request, with who recorded it',
  })
  history(
    @CurrentActor() actor: Actor,
    @Param('id', new IdParamPipe('id')) id: string,
    @Req() request: Request,
  ): Promise<{ streamId: string; events: PublicEvent[] }> {
    return this.queries.execute(
      new GetAggregateHistoryQuery(actor, { collection: collectionOf(request), id }),
    );
  }
}
