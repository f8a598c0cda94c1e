import { Body, Controller, Post } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { ApiTags } from '@nestjs/swagger';
import { CommandEndpoint } from '../../infrastructure/http/command-responses.decorator.js';
import { Envelope } from '../../infrastructure/http/command-envelope.decorator.js';
import type { CommandEnvelope, CommandResult } from '../../shared/ledger-command.js';
import { RegisterPersonCommand } from './register-person.command.js';
import { RegisterPersonRequestDto } from './register-person.request.dto.js';

@ApiTags('persons')
@Controller('persons')
export class RegisterPersonHttpController {
  constructor(private readonly commands: CommandBus) {}

  @Post()
  @CommandEndpoint('Register a person: the facts go into the ledger, the identity into the encrypted store')
  registerPerson(
    @Envelope() envelope: CommandEnvelope,
    @Body() body: RegisterPersonRequestDto,
  ): Promise<CommandResult> {
    const { identity, ...facts } = body;
    return this.commands.execute(new RegisterPersonCommand(envelope, { facts, identity }));
  }
}
