import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { Permission, requireAccess } from '@ledger/auth';
import { LedgerAggregates } from '../../shared/aggregates.js';
import type { CommandResult } from '../../shared/ledger-command.js';
import { DetainSuspectsCommand } from './detain-suspects.command.js';

@CommandHandler(DetainSuspectsCommand)
export class DetainSuspectsHandler implements ICommandHandler<DetainSuspectsCommand> {
  constructor(private readonly aggregates: LedgerAggregates) {}

  execute({ envelope, payload }: DetainSuspectsCommand): Promise<CommandResult> {
    requireAccess({ actor: envelope.actor, permission: Permission.OperationRecord });
    return this.aggregates.operation(envelope, { type: 'DetainSuspects', data: payload });
  }
}
