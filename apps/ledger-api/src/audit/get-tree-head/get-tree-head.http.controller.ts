import { Controller, Get, Param } from '@nestjs/common';
import { QueryBus } from '@nestjs/cqrs';
import { ApiOperation, ApiParam, ApiResponse, ApiTags } from '@nestjs/swagger';
import type { StoredTreeHead } from '@ledger/audit';
import { type Actor, CurrentActor } from '@ledger/auth';
import { treeSizeOf, TreeSizePipe } from '../tree-size.js';
import { GetTreeHeadQuery } from './get-tree-head.query.js';

const HEAD_EXAMPLE = {
  treeSize: 1000,
  rootHash: '5f2d0c8e6b7a4f1e9d3c2b1a0f9e8d7c6b5a4f3e2d1c0b9a8f7e6d5c4b3a2f1e',
  timestamp: '2022-09-21T03:00:00.000Z',
  signature: 'base64 of the 64-byte Ed25519 signature',
  keyId: 'sha-256 of the public key (GET /audit/public-key)',
};

@ApiTags('audit')
@Controller('audit/tree-heads')
export class GetTreeHeadHttpController {
  constructor(private readonly queries: QueryBus) {}

  // Declared before ':size' so that "latest" is not read as a size.
  @Get('latest')
  @ApiOperation({ summary: 'The newest signed tree head: the size and Merkle root the ledger vouches for' })
  @ApiResponse({ status: 200, description: 'The signed head', schema: { example: HEAD_EXAMPLE } })
  @ApiResponse({ status: 404, description: 'No head is signed yet' })
  latest(@CurrentActor() actor: Actor): Promise<StoredTreeHead> {
    return this.queries.execute(new GetTreeHeadQuery(actor, { treeSize: 'latest' }));
  }

  @Get(':size')
  @ApiOperation({ summary: 'The signed tree head of exactly this many events' })
  @ApiParam({ name: 'size', example: '1000' })
  @ApiResponse({ status: 200, description: 'The signed head', schema: { example: HEAD_EXAMPLE } })
  @ApiResponse({ status: 400, description: 'The size is not a whole number' })
  @ApiResponse({ status: 404, description: 'No head of that size is signed' })
  bySize(
    @CurrentActor() actor: Actor,
    @Param('size', new TreeSizePipe('size')) size: string,
  ): Promise<StoredTreeHead> {
    return this.queries.execute(new GetTreeHeadQuery(actor, { treeSize: treeSizeOf(size) }));
  }
}
