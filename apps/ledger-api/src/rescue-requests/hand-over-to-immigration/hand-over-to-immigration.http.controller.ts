import { Body, Controller, Param, Post } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { ApiTags } from '@nestjs/swagger';
import { CommandEndpoint } from '../../infrastructure/http/command-responses.decorator.js';
import { Envelope } from '../../infrastructure/http/command-envelope.decorator.js';
import { IdParamPipe } from '../../infrastructure/http/id-param.pipe.js';
import type { CommandEnvelope, CommandResult } from '../../shared/ledger-command.js';
import { HandOverToImmigrationCommand } from './hand-over-to-immigration.command.js';
import { HandOverToImmigrationRequestDto } from './hand-over-to-immigration.request.dto.js';

@ApiTags('rescue requests')
@Controller('rescue-requests')
export class HandOverToImmigrationHttpController {
  constructor(private readonly commands: CommandBus) {}

  @Post(':requestId/handovers')
  @CommandEndpoint('Hand victims over to the immigration department')
  handOverToImmigration(
    @Envelope() envelope: CommandEnvelope,
    @Param('requestId', new IdParamPipe('requestId')) requestId: string,
    @Body() body: HandOverToImmigrationRequestDto,
  ): Promise<CommandResult> {
    return this.commands.execute(new HandOverToImmigrationCommand(envelope, { ...body, requestId }));
  }
}
