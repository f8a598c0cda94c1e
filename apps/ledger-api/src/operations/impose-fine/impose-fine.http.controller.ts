import { Body, Controller, Param, Post } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { ApiTags } from '@nestjs/swagger';
import { CommandEndpoint } from '../../infrastructure/http/command-responses.decorator.js';
import { Envelope } from '../../infrastructure/http/command-envelope.decorator.js';
import { IdParamPipe } from '../../infrastructure/http/id-param.pipe.js';
import type { CommandEnvelope, CommandResult } from '../../shared/ledger-command.js';
import { ImposeFineCommand } from './impose-fine.command.js';
import { ImposeFineRequestDto } from './impose-fine.request.dto.js';

@ApiTags('operations')
@Controller('operations')
export class ImposeFineHttpController {
  constructor(private readonly commands: CommandBus) {}

  @Post(':operationId/fines')
  @CommandEndpoint('Record a fine in riel')
  imposeFine(
    @Envelope() envelope: CommandEnvelope,
    @Param('operationId', new IdParamPipe('operationId')) operationId: string,
    @Body() body: ImposeFineRequestDto,
  ): Promise<CommandResult> {
    return this.commands.execute(new ImposeFineCommand(envelope, { ...body, operationId }));
  }
}
