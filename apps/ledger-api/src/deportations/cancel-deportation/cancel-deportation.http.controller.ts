import { Body, Controller, Param, Post } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { ApiTags } from '@nestjs/swagger';
import { CommandEndpoint } from '../../infrastructure/http/command-responses.decorator.js';
import { Envelope } from '../../infrastructure/http/command-envelope.decorator.js';
import { IdParamPipe } from '../../infrastructure/http/id-param.pipe.js';
import type { CommandEnvelope, CommandResult } from '../../shared/ledger-command.js';
import { CancelDeportationCommand } from './cancel-deportation.command.js';
import { CancelDeportationRequestDto } from './cancel-deportation.request.dto.js';

@ApiTags('deportations')
@Controller('deportations')
export class CancelDeportationHttpController {
  constructor(private readonly commands: CommandBus) {}

  @Post(':deportationId/cancellation')
  @CommandEndpoint('Cancel a deportation order before it is executed')
  cancelDeportation(
    @Envelope() envelope: CommandEnvelope,
    @Param('deportationId', new IdParamPipe('deportationId')) deportationId: string,
    @Body() body: CancelDeportationRequestDto,
  ): Promise<CommandResult> {
    return this.commands.execute(new CancelDeportationCommand(envelope, { ...body, deportationId }));
  }
}
