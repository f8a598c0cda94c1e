import { Body, Controller, Param, Post } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { ApiTags } from '@nestjs/swagger';
import { CommandEndpoint } from '../../infrastructure/http/command-responses.decorator.js';
import { Envelope } from '../../infrastructure/http/command-envelope.decorator.js';
import { IdParamPipe } from '../../infrastructure/http/id-param.pipe.js';
import type { CommandEnvelope, CommandResult } from '../../shared/ledger-command.js';
import { CloseRescueRequestCommand } from './close-rescue-request.command.js';
import { CloseRescueRequestRequestDto } from './close-rescue-request.request.dto.js';

@ApiTags('rescue requests')
@Controller('rescue-requests')
export class CloseRescueRequestHttpController {
  constructor(private readonly commands: CommandBus) {}

  @Post(':requestId/closure')
  @CommandEndpoint('Close a rescue request with its outcome')
  closeRescueRequest(
    @Envelope() envelope: CommandEnvelope,
    @Param('requestId', new IdParamPipe('requestId')) requestId: string,
    @Body() body: CloseRescueRequestRequestDto,
  ): Promise<CommandResult> {
    return this.commands.execute(new CloseRescueRequestCommand(envelope, { ...body, requestId }));
  }
}
