import { Body, Controller, Post } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { ApiTags } from '@nestjs/swagger';
import { CommandEndpoint } from '../../infrastructure/http/command-responses.decorator.js';
import { Envelope } from '../../infrastructure/http/command-envelope.decorator.js';
import type { CommandEnvelope, CommandResult } from '../../shared/ledger-command.js';
import { RegisterAgencyCommand } from './register-agency.command.js';
import { RegisterAgencyRequestDto } from './register-agency.request.dto.js';

@ApiTags('reference data')
@Controller('reference')
export class RegisterAgencyHttpController {
  constructor(private readonly commands: CommandBus) {}

  @Post('agencies')
  @CommandEndpoint('Register an agency the catalogue lacks (admin)')
  registerAgency(
    @Envelope() envelope: CommandEnvelope,
    @Body() body: RegisterAgencyRequestDto,
  ): Promise<CommandResult> {
    return this.commands.execute(new RegisterAgencyCommand(envelope, body));
  }
}
