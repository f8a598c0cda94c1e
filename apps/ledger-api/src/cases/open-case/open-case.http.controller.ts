import { Body, Controller, Post } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { ApiTags } from '@nestjs/swagger';
import { v7 as uuidv7 } from 'uuid';
import { CommandEndpoint } from '../../infrastructure/http/command-responses.decorator.js';
import { Envelope } from '../../infrastructure/http/command-envelope.decorator.js';
import type { CommandEnvelope, CommandResult } from '../../shared/ledger-command.js';
import { OpenCaseCommand } from './open-case.command.js';
import { OpenCaseRequestDto } from './open-case.request.dto.js';

@ApiTags('cases')
@Controller('cases')
export class OpenCaseHttpController {
  constructor(private readonly commands: CommandBus) {}

  @Post('')
  @CommandEndpoint('Open a case from an operation, with offences, suspects and victims')
  openCase(@Envelope() envelope: CommandEnvelope, @Body() body: OpenCaseRequestDto): Promise<CommandResult> {
    return this.commands.execute(new OpenCaseCommand(envelope, { ...body, caseId: body.caseId ?? uuidv7() }));
  }
}
