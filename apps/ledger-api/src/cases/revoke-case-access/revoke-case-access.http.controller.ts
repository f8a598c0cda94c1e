import { Body, Controller, Param, Post } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { ApiTags } from '@nestjs/swagger';
import { CommandEndpoint } from '../../infrastructure/http/command-responses.decorator.js';
import { Envelope } from '../../infrastructure/http/command-envelope.decorator.js';
import { IdParamPipe } from '../../infrastructure/http/id-param.pipe.js';
import type { CommandEnvelope, CommandResult } from '../../shared/ledger-command.js';
import { RevokeCaseAccessCommand } from './revoke-case-access.command.js';
import { RevokeCaseAccessRequestDto } from './revoke-case-access.request.dto.js';

@ApiTags('cases')
@Controller('cases')
export class RevokeCaseAccessHttpController {
  constructor(private readonly commands: CommandBus) {}

  @Post(':caseId/access-revocations')
  @CommandEndpoint('Revoke an agency’s need-to-know access to the case')
  revokeCaseAccess(
    @Envelope() envelope: CommandEnvelope,
    @Param('caseId', new IdParamPipe('caseId')) caseId: string,
    @Body() body: RevokeCaseAccessRequestDto,
  ): Promise<CommandResult> {
    return this.commands.execute(new RevokeCaseAccessCommand(envelope, { ...body, caseId }));
  }
}
