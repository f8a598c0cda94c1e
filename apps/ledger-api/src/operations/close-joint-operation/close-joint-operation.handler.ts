import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { Permission, requireAccess } from '@ledger/auth';
import { LedgerAggregates } from '../../shared/aggregates.js';
import type { CommandResult } from '../../shared/ledger-command.js';
import { CloseJointOperationCommand } from './close-joint-operation.command.js';

@CommandHandler(CloseJointOperationCommand)
export class CloseJointOperationHandler implements ICommandHandler<CloseJointOperationCommand> {
  constructor(private readonly aggregates: LedgerAggregates) {}

  execute({ envelope, payload }: CloseJointOperationCommand): Promise<CommandResult> {
    requireAccess({ actor: envelope.actor, permission: Permission.OperationClose });
    return this.aggregates.operation(envelope, { type: 'CloseJointOperation', data: payload });
  }
}
