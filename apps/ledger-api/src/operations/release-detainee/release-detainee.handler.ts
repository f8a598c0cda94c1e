import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { Permission, requireAccess } from '@ledger/auth';
import { LedgerAggregates } from '../../shared/aggregates.js';
import type { CommandResult } from '../../shared/ledger-command.js';
import { ReleaseDetaineeCommand } from './release-detainee.command.js';

@CommandHandler(ReleaseDetaineeCommand)
export class ReleaseDetaineeHandler implements ICommandHandler<ReleaseDetaineeCommand> {
  constructor(private readonly aggregates: LedgerAggregates) {}

  execute({ envelope, payload }: ReleaseDetaineeCommand): Promise<CommandResult> {
    requireAccess({ actor: envelope.actor, permission: Permission.OperationRecord });
    return this.aggregates.operation(envelope, { type: 'ReleaseDetainee', data: payload });
  }
}
