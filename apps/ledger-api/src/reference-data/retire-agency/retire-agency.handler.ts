import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { Permission, requireAccess } from '@ledger/auth';
import { LedgerAggregates } from '../../shared/aggregates.js';
import type { CommandResult } from '../../shared/ledger-command.js';
import { RetireAgencyCommand } from './retire-agency.command.js';

@CommandHandler(RetireAgencyCommand)
export class RetireAgencyHandler implements ICommandHandler<RetireAgencyCommand> {
  constructor(private readonly aggregates: LedgerAggregates) {}

  execute({ envelope, payload }: RetireAgencyCommand): Promise<CommandResult> {
    requireAccess({ actor: envelope.actor, permission: Permission.ReferenceDataManage });
    return this.aggregates.agencyRegister(envelope, { type: 'RetireAgency', data: payload });
  }
}
