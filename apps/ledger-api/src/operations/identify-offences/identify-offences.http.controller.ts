import { Body, Controller, Param, Post } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { ApiTags } from '@nestjs/swagger';
import { CommandEndpoint } from '../../infrastructure/http/command-responses.decorator.js';
import { Envelope } from '../../infrastructure/http/command-envelope.decorator.js';
import { IdParamPipe } from '../../infrastructure/http/id-param.pipe.js';
import type { CommandEnvelope, CommandResult } from '../../shared/ledger-command.js';
import { IdentifyOffencesCommand } from './identify-offences.command.js';
import { IdentifyOffencesRequestDto } from './identify-offences.request.dto.js';

@ApiTags('operations')
@Controller('operations')
export class IdentifyOffencesHttpController {
  constructor(private readonly commands: CommandBus) {}

  @Post(':operationId/offences')
  @CommandEndpoint('Record offences identified')
  identifyOffences(
    @Envelope() envelope: CommandEnvelope,
    @Param('operationId', new IdParamPipe('operationId')) operationId: string,
    @Body() body: IdentifyOffencesRequestDto,
  ): Promise<CommandResult> {
    return this.commands.execute(new IdentifyOffencesCommand(envelope, { ...body, operationId }));
  }
}
