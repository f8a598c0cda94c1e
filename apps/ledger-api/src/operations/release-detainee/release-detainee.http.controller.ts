import { Body, Controller, Param, Post } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { ApiTags } from '@nestjs/swagger';
import { CommandEndpoint } from '../../infrastructure/http/command-responses.decorator.js';
import { Envelope } from '../../infrastructure/http/command-envelope.decorator.js';
import { IdParamPipe } from '../../infrastructure/http/id-param.pipe.js';
import type { CommandEnvelope, CommandResult } from '../../shared/ledger-command.js';
import { ReleaseDetaineeCommand } from './release-detainee.command.js';
import { ReleaseDetaineeRequestDto } from './release-detainee.request.dto.js';

@ApiTags('operations')
@Controller('operations')
export class ReleaseDetaineeHttpController {
  constructor(private readonly commands: CommandBus) {}

  @Post(':operationId/releases')
  @CommandEndpoint('Record the release of a detained person')
  releaseDetainee(
    @Envelope() envelope: CommandEnvelope,
    @Param('operationId', new IdParamPipe('operationId')) operationId: string,
    @Body() body: ReleaseDetaineeRequestDto,
  ): Promise<CommandResult> {
    return this.commands.execute(new ReleaseDetaineeCommand(envelope, { ...body, operationId }));
  }
}
