import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { Permission, requireAccess } from '@ledger/auth';
import { LedgerAggregates } from '../../shared/aggregates.js';
import type { CommandResult } from '../../shared/ledger-command.js';
import { GrantCaseAccessCommand } from './grant-case-access.command.js';

@CommandHandler(GrantCaseAccessCommand)
export class GrantCaseAccessHandler implements ICommandHandler<GrantCaseAccessCommand> {
  constructor(private readonly aggregates: LedgerAggregates) {}

  execute({ envelope, payload }: GrantCaseAccessCommand): Promise<CommandResult> {
    requireAccess({ actor: envelope.actor, permission: Permission.CaseGrantAccess });
    return this.aggregates.case(envelope, { type: 'GrantCaseAccess', data: payload });
  }
}
