import { Body, Controller, Param, Post } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { ApiTags } from '@nestjs/swagger';
import { CommandEndpoint } from '../../infrastructure/http/command-responses.decorator.js';
import { Envelope } from '../../infrastructure/http/command-envelope.decorator.js';
import { IdParamPipe } from '../../infrastructure/http/id-param.pipe.js';
import type { CommandEnvelope, CommandResult } from '../../shared/ledger-command.js';
import { RecordVictimsFoundCommand } from './record-victims-found.command.js';
import { RecordVictimsFoundRequestDto } from './record-victims-found.request.dto.js';

@ApiTags('rescue requests')
@Controller('rescue-requests')
export class RecordVictimsFoundHttpController {
  constructor(private readonly commands: CommandBus) {}

  @Post(':requestId/victims')
  @CommandEndpoint('Record victims found')
  recordVictimsFound(
    @Envelope() envelope: CommandEnvelope,
    @Param('requestId', new IdParamPipe('requestId')) requestId: string,
    @Body() body: RecordVictimsFoundRequestDto,
  ): Promise<CommandResult> {
    return this.commands.execute(new RecordVictimsFoundCommand(envelope, { ...body, requestId }));
  }
}
