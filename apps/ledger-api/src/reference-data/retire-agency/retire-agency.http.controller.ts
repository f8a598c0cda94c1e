import { Body, Controller, Param, Post } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { ApiTags } from '@nestjs/swagger';
import { CommandEndpoint } from '../../infrastructure/http/command-responses.decorator.js';
import { Envelope } from '../../infrastructure/http/command-envelope.decorator.js';
import { IdParamPipe } from '../../infrastructure/http/id-param.pipe.js';
import type { CommandEnvelope, CommandResult } from '../../shared/ledger-command.js';
import { RetireAgencyCommand } from './retire-agency.command.js';
import { RetireAgencyRequestDto } from './retire-agency.request.dto.js';

@ApiTags('reference data')
@Controller('reference')
export class RetireAgencyHttpController {
  constructor(private readonly commands: CommandBus) {}

  @Post('agencies/:agencyId/retirement')
  @CommandEndpoint('Retire an agency: old records keep it, new ones may not name it (admin)')
  retireAgency(
    @Envelope() envelope: CommandEnvelope,
    @Param('agencyId', new IdParamPipe('agencyId')) agencyId: string,
    @Body() body: RetireAgencyRequestDto,
  ): Promise<CommandResult> {
    return this.commands.execute(new RetireAgencyCommand(envelope, { ...body, agencyId }));
  }
}
