import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { Permission, requireAccess } from '@ledger/auth';
import { LedgerAggregates } from '../../shared/aggregates.js';
import type { CommandResult } from '../../shared/ledger-command.js';
import { RegisterAgencyCommand } from './register-agency.command.js';

@CommandHandler(RegisterAgencyCommand)
export class RegisterAgencyHandler implements ICommandHandler<RegisterAgencyCommand> {
  constructor(private readonly aggregates: LedgerAggregates) {}

  execute({ envelope, payload }: RegisterAgencyCommand): Promise<CommandResult> {
    requireAccess({ actor: envelope.actor, permission: Permission.ReferenceDataManage });
    return this.aggregates.agencyRegister(envelope, { type: 'RegisterAgency', data: payload });
  }
}
