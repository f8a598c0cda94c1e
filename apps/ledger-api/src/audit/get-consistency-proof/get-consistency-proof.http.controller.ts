import { Controller, Get, Query } from '@nestjs/common';
import { QueryBus } from '@nestjs/cqrs';
import { ApiOperation, ApiResponse, ApiTags } from '@nestjs/swagger';
import { type Actor, CurrentActor } from '@ledger/auth';
import { type ConsistencyProof, GetConsistencyProofQuery } from './get-consistency-proof.query.js';
import { ConsistencyProofRequestDto, sizesOf } from './get-consistency-proof.request.dto.js';

@ApiTags('audit')
@Controller('audit/proofs')
export class GetConsistencyProofHttpController {
  constructor(private readonly queries: QueryBus) {}

  @Get('consistency')
  @ApiOperation({
    summary:
      'Proof that the newer signed head extends the older one: nothing under it was changed, removed or reordered',
  })
  @ApiResponse({ status: 200, description: 'The RFC 9162 consistency proof and both signed heads' })
  @ApiResponse({ status: 400, description: 'A size is not a whole number, or from exceeds to' })
  @ApiResponse({ status: 404, description: 'No head of one of the sizes is signed' })
  consistency(
    @CurrentActor() actor: Actor,
    @Query() query: ConsistencyProofRequestDto,
  ): Promise<ConsistencyProof> {
    return this.queries.execute(new GetConsistencyProofQuery(actor, sizesOf(query)));
  }
}
