import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { Permission, requireAccess } from '@ledger/auth';
import { LedgerAggregates } from '../../shared/aggregates.js';
import type { CommandResult } from '../../shared/ledger-command.js';
import { IdentifyVictimsCommand } from './identify-victims.command.js';

@CommandHandler(IdentifyVictimsCommand)
export class IdentifyVictimsHandler implements ICommandHandler<IdentifyVictimsCommand> {
  constructor(private readonly aggregates: LedgerAggregates) {}

  execute({ envelope, payload }: IdentifyVictimsCommand): Promise<CommandResult> {
    requireAccess({ actor: envelope.actor, permission: Permission.OperationRecord });
    return this.aggregates.operation(envelope, { type: 'IdentifyVictims', data: payload });
  }
}
