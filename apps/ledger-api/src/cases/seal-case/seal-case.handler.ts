import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { Permission, requireAccess } from '@ledger/auth';
import { LedgerAggregates } from '../../shared/aggregates.js';
import type { CommandResult } from '../../shared/ledger-command.js';
import { SealCaseCommand } from './seal-case.command.js';

@CommandHandler(SealCaseCommand)
export class SealCaseHandler implements ICommandHandler<SealCaseCommand> {
  constructor(private readonly aggregates: LedgerAggregates) {}

  execute({ envelope, payload }: SealCaseCommand): Promise<CommandResult> {
    requireAccess({ actor: envelope.actor, permission: Permission.CaseSeal });
    return this.aggregates.case(envelope, { type: 'SealCase', data: payload });
  }
}
