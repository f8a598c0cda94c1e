import { Body, Controller, Param, Post } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { ApiTags } from '@nestjs/swagger';
import { CommandEndpoint } from '../../infrastructure/http/command-responses.decorator.js';
import { Envelope } from '../../infrastructure/http/command-envelope.decorator.js';
import { IdParamPipe } from '../../infrastructure/http/id-param.pipe.js';
import type { CommandEnvelope, CommandResult } from '../../shared/ledger-command.js';
import { DismissCaseCommand } from './dismiss-case.command.js';
import { DismissCaseRequestDto } from './dismiss-case.request.dto.js';

@ApiTags('cases')
@Controller('cases')
export class DismissCaseHttpController {
  constructor(private readonly commands: CommandBus) {}

  @Post(':caseId/dismissal')
  @CommandEndpoint('Dismiss an open case')
  dismissCase(
    @Envelope() envelope: CommandEnvelope,
    @Param('caseId', new IdParamPipe('caseId')) caseId: string,
    @Body() body: DismissCaseRequestDto,
  ): Promise<CommandResult> {
    return this.commands.execute(new DismissCaseCommand(envelope, { ...body, caseId }));
  }
}
