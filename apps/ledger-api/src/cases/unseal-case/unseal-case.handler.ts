import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { Permission, requireAccess } from '@ledger/auth';
import { LedgerAggregates } from '../../shared/aggregates.js';
import type { CommandResult } from '../../shared/ledger-command.js';
import { UnsealCaseCommand } from './unseal-case.command.js';

@CommandHandler(UnsealCaseCommand)
export class UnsealCaseHandler implements ICommandHandler<UnsealCaseCommand> {
  constructor(private readonly aggregates: LedgerAggregates) {}

  execute({ envelope, payload }: UnsealCaseCommand): Promise<CommandResult> {
    requireAccess({ actor: envelope.actor, permission: Permission.CaseSeal });
    return this.aggregates.case(envelope, { type: 'UnsealCase', data: payload });
  }
}
