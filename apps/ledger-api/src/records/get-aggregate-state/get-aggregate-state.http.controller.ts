import { Controller, Get, Param, Req, Res } from '@nestjs/common';
import { QueryBus } from '@nestjs/cqrs';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import type { Request, Response } from 'express';
import { type Actor, CurrentActor } from '@ledger/auth';
import { IdParamPipe } from '../../infrastructure/http/id-param.pipe.js';
import { collectionOf, recordRoutes } from '../record-path.js';
import { type AggregateStateView, GetAggregateStateQuery } from './get-aggregate-state.query.js';

@ApiTags('records')
@Controller()
export class GetAggregateStateHttpController {
  constructor(private readonly queries: QueryBus) {}

  @Get(recordRoutes())
  @ApiOperation({
    summary: 'Current state of an operation, case, deportation or rescue request (ETag: its revision)',
  })
  async get(
    @CurrentActor() actor: Actor,
    @Param('id', new IdParamPipe('id')) id: string,
    @Req() request: Request,
    @Res({ passthrough: true }) response: Response,
  ): Promise<AggregateStateView> {
    const view = await this.queries.execute(
      new GetAggregateStateQuery(actor, { collection: collectionOf(request), id }),
    );
    response.setHeader('ETag', `"${view.revision}"`);
    return view;
  }
}
