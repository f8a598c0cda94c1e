import { Body, Controller, Param, Post } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { ApiTags } from '@nestjs/swagger';
import { CommandEndpoint } from '../../infrastructure/http/command-responses.decorator.js';
import { Envelope } from '../../infrastructure/http/command-envelope.decorator.js';
import { IdParamPipe } from '../../infrastructure/http/id-param.pipe.js';
import type { CommandEnvelope, CommandResult } from '../../shared/ledger-command.js';
import { RecordRaidCommand } from './record-raid.command.js';
import { RecordRaidRequestDto } from './record-raid.request.dto.js';

@ApiTags('operations')
@Controller('operations')
export class RecordRaidHttpController {
  constructor(private readonly commands: CommandBus) {}

  @Post(':operationId/raids')
  @CommandEndpoint(
    'Record a raid: premises inspected, persons screened by nationality and sex, undocumented counts',
  )
  recordRaid(
    @Envelope() envelope: CommandEnvelope,
    @Param('operationId', new IdParamPipe('operationId')) operationId: string,
    @Body() body: RecordRaidRequestDto,
  ): Promise<CommandResult> {
    return this.commands.execute(new RecordRaidCommand(envelope, { ...body, operationId }));
  }
}
