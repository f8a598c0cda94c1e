import { Body, Controller, Post } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { ApiTags } from '@nestjs/swagger';
import { v7 as uuidv7 } from 'uuid';
import { CommandEndpoint } from '../../infrastructure/http/command-responses.decorator.js';
import { Envelope } from '../../infrastructure/http/command-envelope.decorator.js';
import type { CommandEnvelope, CommandResult } from '../../shared/ledger-command.js';
import { OrderDeportationCommand } from './order-deportation.command.js';
import { OrderDeportationRequestDto } from './order-deportation.request.dto.js';

@ApiTags('deportations')
@Controller('deportations')
export class OrderDeportationHttpController {
  constructor(private readonly commands: CommandBus) {}

  @Post('')
  @CommandEndpoint('Order the deportation of detained foreigners')
  orderDeportation(
    @Envelope() envelope: CommandEnvelope,
    @Body() body: OrderDeportationRequestDto,
  ): Promise<CommandResult> {
    return this.commands.execute(
      new OrderDeportationCommand(envelope, { ...body, deportationId: body.deportationId ?? uuidv7() }),
    );
  }
}
