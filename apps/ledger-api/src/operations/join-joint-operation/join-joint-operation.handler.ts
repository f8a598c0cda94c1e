import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { Permission, requireAccess } from '@ledger/auth';
import { LedgerAggregates } from '../../shared/aggregates.js';
import type { CommandResult } from '../../shared/ledger-command.js';
import { JoinJointOperationCommand } from './join-joint-operation.command.js';

@CommandHandler(JoinJointOperationCommand)
export class JoinJointOperationHandler implements ICommandHandler<JoinJointOperationCommand> {
  constructor(private readonly aggregates: LedgerAggregates) {}

  execute({ envelope, payload }: JoinJointOperationCommand): Promise<CommandResult> {
    requireAccess({ actor: envelope.actor, permission: Permission.OperationJoin });
    return this.aggregates.operation(envelope, { type: 'JoinJointOperation', data: payload });
  }
}
