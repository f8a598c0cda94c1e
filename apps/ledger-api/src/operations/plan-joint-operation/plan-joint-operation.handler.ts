import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { Permission, requireAccess } from '@ledger/auth';
import { LedgerAggregates } from '../../shared/aggregates.js';
import type { CommandResult } from '../../shared/ledger-command.js';
import { PlanJointOperationCommand } from './plan-joint-operation.command.js';

@CommandHandler(PlanJointOperationCommand)
export class PlanJointOperationHandler implements ICommandHandler<PlanJointOperationCommand> {
  constructor(private readonly aggregates: LedgerAggregates) {}

  execute({ envelope, payload }: PlanJointOperationCommand): Promise<CommandResult> {
    requireAccess({ actor: envelope.actor, permission: Permission.OperationPlan });
    return this.aggregates.operation(envelope, { type: 'PlanJointOperation', data: payload });
  }
}
