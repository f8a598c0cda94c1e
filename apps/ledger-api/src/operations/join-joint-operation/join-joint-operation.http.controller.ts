import { Body, Controller, Param, Post } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { ApiTags } from '@nestjs/swagger';
import { CommandEndpoint } from '../../infrastructure/http/command-responses.decorator.js';
import { Envelope } from '../../infrastructure/http/command-envelope.decorator.js';
import { IdParamPipe } from '../../infrastructure/http/id-param.pipe.js';
import type { CommandEnvelope, CommandResult } from '../../shared/ledger-command.js';
import { JoinJointOperationCommand } from './join-joint-operation.command.js';
import { JoinJointOperationRequestDto } from './join-joint-operation.request.dto.js';

@ApiTags('operations')
@Controller('operations')
export class JoinJointOperationHttpController {
  constructor(private readonly commands: CommandBus) {}

  @Post(':operationId/participants')
  @CommandEndpoint('Bring a participating agency into the operation')
  joinJointOperation(
    @Envelope() envelope: CommandEnvelope,
    @Param('operationId', new IdParamPipe('operationId')) operationId: string,
    @Body() body: JoinJointOperationRequestDto,
  ): Promise<CommandResult> {
    return this.commands.execute(new JoinJointOperationCommand(envelope, { ...body, operationId }));
  }
}
