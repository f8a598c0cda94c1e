import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { Permission, requireAccess } from '@ledger/auth';
import { LedgerAggregates } from '../../shared/aggregates.js';
import type { CommandResult } from '../../shared/ledger-command.js';
import { OrderDeportationCommand } from './order-deportation.command.js';

@CommandHandler(OrderDeportationCommand)
export class OrderDeportationHandler implements ICommandHandler<OrderDeportationCommand> {
  constructor(private readonly aggregates: LedgerAggregates) {}

  execute({ envelope, payload }: OrderDeportationCommand): Promise<CommandResult> {
    requireAccess({ actor: envelope.actor, permission: Permission.DeportationOrder });
    return this.aggregates.deportation(envelope, { type: 'OrderDeportation', data: payload });
  }
}
