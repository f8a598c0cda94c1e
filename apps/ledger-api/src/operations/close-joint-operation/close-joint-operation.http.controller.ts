import { Body, Controller, Param, Post } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { ApiTags } from '@nestjs/swagger';
import { CommandEndpoint } from '../../infrastructure/http/command-responses.decorator.js';
import { Envelope } from '../../infrastructure/http/command-envelope.decorator.js';
import { IdParamPipe } from '../../infrastructure/http/id-param.pipe.js';
import type { CommandEnvelope, CommandResult } from '../../shared/ledger-command.js';
import { CloseJointOperationCommand } from './close-joint-operation.command.js';
import { CloseJointOperationRequestDto } from './close-joint-operation.request.dto.js';

@ApiTags('operations')
@Controller('operations')
export class CloseJointOperationHttpController {
  constructor(private readonly commands: CommandBus) {}

  @Post(':operationId/closure')
  @CommandEndpoint('Close the operation (lead agency)')
  closeJointOperation(
    @Envelope() envelope: CommandEnvelope,
    @Param('operationId', new IdParamPipe('operationId')) operationId: string,
    @Body() body: CloseJointOperationRequestDto,
  ): Promise<CommandResult> {
    return this.commands.execute(new CloseJointOperationCommand(envelope, { ...body, operationId }));
  }
}
