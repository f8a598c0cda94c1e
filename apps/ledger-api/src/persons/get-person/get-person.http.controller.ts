import { Controller, Get, Param, Query } from '@nestjs/common';
import { QueryBus } from '@nestjs/cqrs';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { type Actor, CurrentActor } from '@ledger/auth';
import { IdParamPipe } from '../../infrastructure/http/id-param.pipe.js';
import { GetPersonQuery, type PersonView } from './get-person.query.js';
import { GetPersonRequestDto } from './get-person.request.dto.js';

@ApiTags('persons')
@Controller('persons')
export class GetPersonHttpController {
  constructor(private readonly queries: QueryBus) {}

  @Get(':personId')
  @ApiOperation({
    summary:
      'A person’s facts and identity; a minor’s or a victim’s identity needs need-to-know, and every such read is logged',
  })
  get(
    @CurrentActor() actor: Actor,
    @Param('personId', new IdParamPipe('personId')) personId: string,
    @Query() query: GetPersonRequestDto,
  ): Promise<PersonView> {
    return this.queries.execute(new GetPersonQuery(actor, { personId, caseId: query.caseId }));
  }
}
