import { Body, Controller, Param, Post } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { ApiTags } from '@nestjs/swagger';
import { CommandEndpoint } from '../../infrastructure/http/command-responses.decorator.js';
import { Envelope } from '../../infrastructure/http/command-envelope.decorator.js';
import { IdParamPipe } from '../../infrastructure/http/id-param.pipe.js';
import type { CommandEnvelope, CommandResult } from '../../shared/ledger-command.js';
import { SendCaseToCourtCommand } from './send-case-to-court.command.js';
import { SendCaseToCourtRequestDto } from './send-case-to-court.request.dto.js';

@ApiTags('cases')
@Controller('cases')
export class SendCaseToCourtHttpController {
  constructor(private readonly commands: CommandBus) {}

  @Post(':caseId/court-referrals')
  @CommandEndpoint('Send an open case to court')
  sendCaseToCourt(
    @Envelope() envelope: CommandEnvelope,
    @Param('caseId', new IdParamPipe('caseId')) caseId: string,
    @Body() body: SendCaseToCourtRequestDto,
  ): Promise<CommandResult> {
    return this.commands.execute(new SendCaseToCourtCommand(envelope, { ...body, caseId }));
  }
}
