import { Controller, Get } from '@nestjs/common';
import { QueryBus } from '@nestjs/cqrs';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { type Actor, CurrentActor } from '@ledger/auth';
import { GetProjectionsQuery, type ProjectionView } from './get-projections.query.js';

@ApiTags('admin')
@Controller('admin/projections')
export class GetProjectionsHttpController {
  constructor(private readonly queries: QueryBus) {}

  @Get()
  @ApiOperation({ summary: 'Each projection: status, checkpoint, lag behind the log, last error' })
  list(@CurrentActor() actor: Actor): Promise<ProjectionView[]> {
    return this.queries.execute(new GetProjectionsQuery(actor, {}));
  }
}
