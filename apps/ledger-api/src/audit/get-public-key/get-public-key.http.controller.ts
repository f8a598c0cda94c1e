import { Controller, Get } from '@nestjs/common';
import { QueryBus } from '@nestjs/cqrs';
import { ApiOperation, ApiResponse, ApiTags } from '@nestjs/swagger';
import { PublicRoute } from '@ledger/auth';
import { GetPublicKeyQuery, type PublicKeyView } from './get-public-key.query.js';

/** Public like health: a verifier needs the key before, and independently of, any account on the ledger. */
@ApiTags('audit')
@PublicRoute()
@Controller('audit')
export class GetPublicKeyHttpController {
  constructor(private readonly queries: QueryBus) {}

  @Get('public-key')
  @ApiOperation({
    summary: 'The Ed25519 public key that signs tree heads, and what exactly it signs (no token needed)',
  })
  @ApiResponse({ status: 200, description: 'The key as PEM (SPKI), its id and the signed formats' })
  publicKey(): Promise<PublicKeyView> {
    return this.queries.execute(new GetPublicKeyQuery());
  }
}
