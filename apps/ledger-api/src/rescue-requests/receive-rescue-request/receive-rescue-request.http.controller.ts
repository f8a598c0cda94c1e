import { Body, Controller, Post } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { ApiTags } from '@nestjs/swagger';
import { v7 as uuidv7 } from 'uuid';
import { CommandEndpoint } from '../../infrastructure/http/command-responses.decorator.js';
import { Envelope } from '../../infrastructure/http/command-envelope.decorator.js';
import type { CommandEnvelope, CommandResult } from '../../shared/ledger-command.js';
import { ReceiveRescueRequestCommand } from './receive-rescue-request.command.js';
import { ReceiveRescueRequestRequestDto } from './receive-rescue-request.request.dto.js';

@ApiTags('rescue requests')
@Controller('rescue-requests')
export class ReceiveRescueRequestHttpController {
  constructor(private readonly commands: CommandBus) {}

  @Post('')
  @CommandEndpoint('Record a rescue request from a foreign mission')
  receiveRescueRequest(
    @Envelope() envelope: CommandEnvelope,
    @Body() body: ReceiveRescueRequestRequestDto,
  ): Promise<CommandResult> {
    return this.commands.execute(
      new ReceiveRescueRequestCommand(envelope, { ...body, requestId: body.requestId ?? uuidv7() }),
    );
  }
}
