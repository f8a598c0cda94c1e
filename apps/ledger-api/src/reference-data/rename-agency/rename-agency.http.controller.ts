import { Body, Controller, Param, Post } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { ApiTags } from '@nestjs/swagger';
import { CommandEndpoint } from '../../infrastructure/http/command-responses.decorator.js';
import { Envelope } from '../../infrastructure/http/command-envelope.decorator.js';
import { IdParamPipe } from '../../infrastructure/http/id-param.pipe.js';
import type { CommandEnvelope, CommandResult } from '../../shared/ledger-command.js';
import { RenameAgencyCommand } from './rename-agency.command.js';
import { RenameAgencyRequestDto } from './rename-agency.request.dto.js';

@ApiTags('reference data')
@Controller('reference')
export class RenameAgencyHttpController {
  constructor(private readonly commands: CommandBus) {}

  @Post('agencies/:agencyId/renaming')
  @CommandEndpoint('Rename an agency (admin)')
  renameAgency(
    @Envelope() envelope: CommandEnvelope,
    @Param('agencyId', new IdParamPipe('agencyId')) agencyId: string,
    @Body() body: RenameAgencyRequestDto,
  ): Promise<CommandResult> {
    return this.commands.execute(new RenameAgencyCommand(envelope, { ...body, agencyId }));
  }
}
