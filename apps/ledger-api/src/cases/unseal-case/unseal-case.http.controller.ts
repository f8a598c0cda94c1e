import { Body, Controller, Param, Post } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { ApiTags } from '@nestjs/swagger';
import { CommandEndpoint } from '../../infrastructure/http/command-responses.decorator.js';
import { Envelope } from '../../infrastructure/http/command-envelope.decorator.js';
import { IdParamPipe } from '../../infrastructure/http/id-param.pipe.js';
import type { CommandEnvelope, CommandResult } from '../../shared/ledger-command.js';
import { UnsealCaseCommand } from './unseal-case.command.js';
import { UnsealCaseRequestDto } from './unseal-case.request.dto.js';

@ApiTags('cases')
@Controller('cases')
export class UnsealCaseHttpController {
  constructor(private readonly commands: CommandBus) {}

  @Post(':caseId/unsealing')
  @CommandEndpoint('Unseal a case')
  unsealCase(
    @Envelope() envelope: CommandEnvelope,
    @Param('caseId', new IdParamPipe('caseId')) caseId: string,
    @Body() body: UnsealCaseRequestDto,
  ): Promise<CommandResult> {
    return this.commands.execute(new UnsealCaseCommand(envelope, { ...body, caseId }));
  }
}
