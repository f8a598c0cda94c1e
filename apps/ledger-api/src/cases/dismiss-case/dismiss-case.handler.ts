import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { Permission, requireAccess } from '@ledger/auth';
import { LedgerAggregates } from '../../shared/aggregates.js';
import type { CommandResult } from '../../shared/ledger-command.js';
import { DismissCaseCommand } from './dismiss-case.command.js';

@CommandHandler(DismissCaseCommand)
export class DismissCaseHandler implements ICommandHandler<DismissCaseCommand> {
  constructor(private readonly aggregates: LedgerAggregates) {}

  execute({ envelope, payload }: DismissCaseCommand): Promise<CommandResult> {
    requireAccess({ actor: envelope.actor, permission: Permission.CaseDismiss });
    return this.aggregates.case(envelope, { type: 'DismissCase', data: payload });
  }
}
