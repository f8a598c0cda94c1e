import { Controller, Get, Query } from '@nestjs/common';
import { QueryBus } from '@nestjs/cqrs';
import { ApiOperation, ApiResponse, ApiTags } from '@nestjs/swagger';
import { type Actor, CurrentActor } from '@ledger/auth';
import { treeSizeOf } from '../tree-size.js';
import { GetInclusionProofQuery, type InclusionProof } from './get-inclusion-proof.query.js';
import { InclusionProofRequestDto } from './get-inclusion-proof.request.dto.js';

@ApiTags('audit')
@Controller('audit/proofs')
export class GetInclusionProofHttpController {
  constructor(private readonly queries: QueryBus) {}

  @Get('inclusion')
  @ApiOperation({
    summary: 'Proof that an event is in the Merkle log under a signed tree head (RFC 9162 inclusion proof)',
  })
  @ApiResponse({ status: 200, description: 'The leaf, its audit path and the signed head it leads to' })
  @ApiResponse({ status: 400, description: 'The event id is not a UUID, or the size not a whole number' })
  @ApiResponse({
    status: 404,
    description: 'The event is not in the Merkle log yet, or no head has that size',
  })
  @ApiResponse({ status: 422, description: 'The head does not cover the event; names one that does' })
  inclusion(@CurrentActor() actor: Actor, @Query() query: InclusionProofRequestDto): Promise<InclusionProof> {
    return this.queries.execute(
      new GetInclusionProofQuery(actor, {
        eventId: query.eventId,
        treeSize: query.treeSize === undefined ? undefined : treeSizeOf(query.treeSize),
        minPosition: query.minPosition,
      }),
    );
  }
}
