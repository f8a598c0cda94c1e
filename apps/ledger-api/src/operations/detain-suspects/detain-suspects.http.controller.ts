import { Body, Controller, Param, Post } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { ApiTags } from '@nestjs/swagger';
import { CommandEndpoint } from '../../infrastructure/http/command-responses.decorator.js';
import { Envelope } from '../../infrastructure/http/command-envelope.decorator.js';
import { IdParamPipe } from '../../infrastructure/http/id-param.pipe.js';
import type { CommandEnvelope, CommandResult } from '../../shared/ledger-command.js';
import { DetainSuspectsCommand } from './detain-suspects.command.js';
import { DetainSuspectsRequestDto } from './detain-suspects.request.dto.js';

@ApiTags('operations')
@Controller('operations')
export class DetainSuspectsHttpController {
  constructor(private readonly commands: CommandBus) {}

  @Post(':operationId/detentions')
  @CommandEndpoint('Record suspects detained in a raid')
  detainSuspects(
    @Envelope() envelope: CommandEnvelope,
    @Param('operationId', new IdParamPipe('operationId')) operationId: string,
    @Body() body: DetainSuspectsRequestDto,
  ): Promise<CommandResult> {
    return this.commands.execute(new DetainSuspectsCommand(envelope, { ...body, operationId }));
  }
}
