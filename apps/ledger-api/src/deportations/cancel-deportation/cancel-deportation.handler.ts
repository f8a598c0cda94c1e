import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { Permission, requireAccess } from '@ledger/auth';
import { LedgerAggregates } from '../../shared/aggregates.js';
import type { CommandResult } from '../../shared/ledger-command.js';
import { CancelDeportationCommand } from './cancel-deportation.command.js';

@CommandHandler(CancelDeportationCommand)
export class CancelDeportationHandler implements ICommandHandler<CancelDeportationCommand> {
  constructor(private readonly aggregates: LedgerAggregates) {}

  execute({ envelope, payload }: CancelDeportationCommand): Promise<CommandResult> {
    requireAccess({ actor: envelope.actor, permission: Permission.DeportationCancel });
    return this.aggregates.deportation(envelope, { type: 'CancelDeportation', data: payload });
  }
}
