import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { Permission, requireAccess } from '@ledger/auth';
import { LedgerAggregates } from '../../shared/aggregates.js';
import type { CommandResult } from '../../shared/ledger-command.js';
import { ImposeFineCommand } from './impose-fine.command.js';

@CommandHandler(ImposeFineCommand)
export class ImposeFineHandler implements ICommandHandler<ImposeFineCommand> {
  constructor(private readonly aggregates: LedgerAggregates) {}

  execute({ envelope, payload }: ImposeFineCommand): Promise<CommandResult> {
    requireAccess({ actor: envelope.actor, permission: Permission.OperationRecord });
    return this.aggregates.operation(envelope, { type: 'ImposeFine', data: payload });
  }
}
