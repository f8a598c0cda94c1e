import { Body, Controller, Param, Post } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { ApiTags } from '@nestjs/swagger';
import { CommandEndpoint } from '../../infrastructure/http/command-responses.decorator.js';
import { Envelope } from '../../infrastructure/http/command-envelope.decorator.js';
import { IdParamPipe } from '../../infrastructure/http/id-param.pipe.js';
import type { CommandEnvelope, CommandResult } from '../../shared/ledger-command.js';
import { IdentifyVictimsCommand } from './identify-victims.command.js';
import { IdentifyVictimsRequestDto } from './identify-victims.request.dto.js';

@ApiTags('operations')
@Controller('operations')
export class IdentifyVictimsHttpController {
  constructor(private readonly commands: CommandBus) {}

  @Post(':operationId/victims')
  @CommandEndpoint('Record victims identified or rescued')
  identifyVictims(
    @Envelope() envelope: CommandEnvelope,
    @Param('operationId', new IdParamPipe('operationId')) operationId: string,
    @Body() body: IdentifyVictimsRequestDto,
  ): Promise<CommandResult> {
    return this.commands.execute(new IdentifyVictimsCommand(envelope, { ...body, operationId }));
  }
}
