import { Body, Controller, Param, Post } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { ApiTags } from '@nestjs/swagger';
import { CommandEndpoint } from '../../infrastructure/http/command-responses.decorator.js';
import { Envelope } from '../../infrastructure/http/command-envelope.decorator.js';
import { IdParamPipe } from '../../infrastructure/http/id-param.pipe.js';
import type { CommandEnvelope, CommandResult } from '../../shared/ledger-command.js';
import { SealCaseCommand } from './seal-case.command.js';
import { SealCaseRequestDto } from './seal-case.request.dto.js';

@ApiTags('cases')
@Controller('cases')
export class SealCaseHttpController {
  constructor(private readonly commands: CommandBus) {}

  @Post(':caseId/seal')
  @CommandEndpoint('Seal a case: from then on only its agency and the agencies it grants access read it')
  sealCase(
    @Envelope() envelope: CommandEnvelope,
    @Param('caseId', new IdParamPipe('caseId')) caseId: string,
    @Body() body: SealCaseRequestDto,
  ): Promise<CommandResult> {
    return this.commands.execute(new SealCaseCommand(envelope, { ...body, caseId }));
  }
}
