import { Body, Controller, Param, Post } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { ApiTags } from '@nestjs/swagger';
import { CommandEndpoint } from '../../infrastructure/http/command-responses.decorator.js';
import { Envelope } from '../../infrastructure/http/command-envelope.decorator.js';
import { IdParamPipe } from '../../infrastructure/http/id-param.pipe.js';
import type { CommandEnvelope, CommandResult } from '../../shared/ledger-command.js';
import { GrantCaseAccessCommand } from './grant-case-access.command.js';
import { GrantCaseAccessRequestDto } from './grant-case-access.request.dto.js';

@ApiTags('cases')
@Controller('cases')
export class GrantCaseAccessHttpController {
  constructor(private readonly commands: CommandBus) {}

  @Post(':caseId/access-grants')
  @CommandEndpoint('Grant an agency need-to-know access to the case’s restricted records')
  grantCaseAccess(
    @Envelope() envelope: CommandEnvelope,
    @Param('caseId', new IdParamPipe('caseId')) caseId: string,
    @Body() body: GrantCaseAccessRequestDto,
  ): Promise<CommandResult> {
    return this.commands.execute(new GrantCaseAccessCommand(envelope, { ...body, caseId }));
  }
}
