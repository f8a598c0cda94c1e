import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { Permission, requireAccess } from '@ledger/auth';
import { LedgerAggregates } from '../../shared/aggregates.js';
import type { CommandResult } from '../../shared/ledger-command.js';
import { ExecuteDeportationCommand } from './execute-deportation.command.js';

@CommandHandler(ExecuteDeportationCommand)
export class ExecuteDeportationHandler implements ICommandHandler<ExecuteDeportationCommand> {
  constructor(private readonly aggregates: LedgerAggregates) {}

  execute({ envelope, payload }: ExecuteDeportationCommand): Promise<CommandResult> {
    requireAccess({ actor: envelope.actor, permission: Permission.DeportationExecute });
    return this.aggregates.deportation(envelope, { type: 'ExecuteDeportation', data: payload });
  }
}
