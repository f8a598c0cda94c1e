import { Body, Controller, Post } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { ApiTags } from '@nestjs/swagger';
import { v7 as uuidv7 } from 'uuid';
import { CommandEndpoint } from '../../infrastructure/http/command-responses.decorator.js';
import { Envelope } from '../../infrastructure/http/command-envelope.decorator.js';
import type { CommandEnvelope, CommandResult } from '../../shared/ledger-command.js';
import { PlanJointOperationCommand } from './plan-joint-operation.command.js';
import { PlanJointOperationRequestDto } from './plan-joint-operation.request.dto.js';

@ApiTags('operations')
@Controller('operations')
export class PlanJointOperationHttpController {
  constructor(private readonly commands: CommandBus) {}

  @Post('')
  @CommandEndpoint("Plan a joint operation (lead agency, target, prosecutor's order)")
  planJointOperation(
    @Envelope() envelope: CommandEnvelope,
    @Body() body: PlanJointOperationRequestDto,
  ): Promise<CommandResult> {
    return this.commands.execute(
      new PlanJointOperationCommand(envelope, { ...body, operationId: body.operationId ?? uuidv7() }),
    );
  }
}
