import { Body, Controller, Param, Post } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { ApiTags } from '@nestjs/swagger';
import { CommandEndpoint } from '../../infrastructure/http/command-responses.decorator.js';
import { Envelope } from '../../infrastructure/http/command-envelope.decorator.js';
import { IdParamPipe } from '../../infrastructure/http/id-param.pipe.js';
import type { CommandEnvelope, CommandResult } from '../../shared/ledger-command.js';
import { InvestigateRescueRequestCommand } from './investigate-rescue-request.command.js';
import { InvestigateRescueRequestRequestDto } from './investigate-rescue-request.request.dto.js';

@ApiTags('rescue requests')
@Controller('rescue-requests')
export class InvestigateRescueRequestHttpController {
  constructor(private readonly commands: CommandBus) {}

  @Post(':requestId/investigation')
  @CommandEndpoint('Record the investigation of a rescue request')
  investigateRescueRequest(
    @Envelope() envelope: CommandEnvelope,
    @Param('requestId', new IdParamPipe('requestId')) requestId: string,
    @Body() body: InvestigateRescueRequestRequestDto,
  ): Promise<CommandResult> {
    return this.commands.execute(new InvestigateRescueRequestCommand(envelope, { ...body, requestId }));
  }
}
