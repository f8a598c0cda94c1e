import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { Permission, requireAccess } from '@ledger/auth';
import { LedgerAggregates } from '../../shared/aggregates.js';
import type { CommandResult } from '../../shared/ledger-command.js';
import { RenameAgencyCommand } from './rename-agency.command.js';

@CommandHandler(RenameAgencyCommand)
export class RenameAgencyHandler implements ICommandHandler<RenameAgencyCommand> {
  constructor(private readonly aggregates: LedgerAggregates) {}

  execute({ envelope, payload }: RenameAgencyCommand): Promise<CommandResult> {
    requireAccess({ actor: envelope.actor, permission: Permission.ReferenceDataManage });
    return this.aggregates.agencyRegister(envelope, { type: 'RenameAgency', data: payload });
  }
}
