import { Body, Controller, Param, Post } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { ApiTags } from '@nestjs/swagger';
import { CommandEndpoint } from '../../infrastructure/http/command-responses.decorator.js';
import { Envelope } from '../../infrastructure/http/command-envelope.decorator.js';
import { IdParamPipe } from '../../infrastructure/http/id-param.pipe.js';
import type { CommandEnvelope, CommandResult } from '../../shared/ledger-command.js';
import { ExecuteDeportationCommand } from './execute-deportation.command.js';
import { ExecuteDeportationRequestDto } from './execute-deportation.request.dto.js';

@ApiTags('deportations')
@Controller('deportations')
export class ExecuteDeportationHttpController {
  constructor(private readonly commands: CommandBus) {}

  @Post(':deportationId/executions')
  @CommandEndpoint('Record persons deported through a checkpoint')
  executeDeportation(
    @Envelope() envelope: CommandEnvelope,
    @Param('deportationId', new IdParamPipe('deportationId')) deportationId: string,
    @Body() body: ExecuteDeportationRequestDto,
  ): Promise<CommandResult> {
    return this.commands.execute(new ExecuteDeportationCommand(envelope, { ...body, deportationId }));
  }
}
