import { Controller, Get, Param, ParseEnumPipe, Query } from '@nestjs/common';
import { QueryBus } from '@nestjs/cqrs';
import { ApiOperation, ApiParam, ApiTags } from '@nestjs/swagger';
import { type Actor, CurrentActor } from '@ledger/auth';
import { ListReferenceDataQuery, REFERENCE_LISTS, type ReferenceList } from './list-reference-data.query.js';
import { ListReferenceDataRequestDto } from './list-reference-data.request.dto.js';

@ApiTags('reference data')
@Controller('reference')
export class ListReferenceDataHttpController {
  constructor(private readonly queries: QueryBus) {}

  @Get(':list')
  @ApiOperation({
    summary: 'Agencies, provinces, nationalities, checkpoints or offences, with their stable ids',
  })
  @ApiParam({ name: 'list', enum: REFERENCE_LISTS })
  list(
    @CurrentActor() actor: Actor,
    @Param('list', new ParseEnumPipe(Object.fromEntries(REFERENCE_LISTS.map((l) => [l, l]))))
    list: ReferenceList,
    @Query() filter: ListReferenceDataRequestDto,
  ): Promise<object[]> {
    return this.queries.execute(new ListReferenceDataQuery(actor, { list, filter: { ...filter } }));
  }
}
