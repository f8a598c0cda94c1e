import { Body, Controller, Param, Post } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { ApiTags } from '@nestjs/swagger';
import { CommandEndpoint } from '../../infrastructure/http/command-responses.decorator.js';
import { Envelope } from '../../infrastructure/http/command-envelope.decorator.js';
import { IdParamPipe } from '../../infrastructure/http/id-param.pipe.js';
import type { CommandEnvelope, CommandResult } from '../../shared/ledger-command.js';
import { ErasePersonIdentityCommand } from './erase-person-identity.command.js';
import { ErasePersonIdentityRequestDto } from './erase-person-identity.request.dto.js';

@ApiTags('persons')
@Controller('persons')
export class ErasePersonIdentityHttpController {
  constructor(private readonly commands: CommandBus) {}

  @Post(':personId/erasure')
  @CommandEndpoint('Erase a person’s identity by destroying their key; the facts and counts stay')
  erasePersonIdentity(
    @Envelope() envelope: CommandEnvelope,
    @Param('personId', new IdParamPipe('personId')) personId: string,
    @Body() body: ErasePersonIdentityRequestDto,
  ): Promise<CommandResult> {
    return this.commands.execute(new ErasePersonIdentityCommand(envelope, { ...body, personId }));
  }
}
