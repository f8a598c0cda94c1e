import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { Permission, requireAccess } from '@ledger/auth';
import { LedgerAggregates } from '../../shared/aggregates.js';
import type { CommandResult } from '../../shared/ledger-command.js';
import { RecordRaidCommand } from './record-raid.command.js';

@CommandHandler(RecordRaidCommand)
export class RecordRaidHandler implements ICommandHandler<RecordRaidCommand> {
  constructor(private readonly aggregates: LedgerAggregates) {}

  execute({ envelope, payload }: RecordRaidCommand): Promise<CommandResult> {
    requireAccess({ actor: envelope.actor, permission: Permission.OperationRecord });
    return this.aggregates.operation(envelope, { type: 'RecordRaid', data: payload });
  }
}
