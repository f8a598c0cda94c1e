import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { Permission, requireAccess } from '@ledger/auth';
import { LedgerAggregates } from '../../shared/aggregates.js';
import type { CommandResult } from '../../shared/ledger-command.js';
import { HandOverToImmigrationCommand } from './hand-over-to-immigration.command.js';

@CommandHandler(HandOverToImmigrationCommand)
export class HandOverToImmigrationHandler implements ICommandHandler<HandOverToImmigrationCommand> {
  constructor(private readonly aggregates: LedgerAggregates) {}

  execute({ envelope, payload }: HandOverToImmigrationCommand): Promise<CommandResult> {
    requireAccess({ actor: envelope.actor, permission: Permission.RescueHandOver });
    return this.aggregates.rescueRequest(envelope, { type: 'HandOverToImmigration', data: payload });
  }
}
