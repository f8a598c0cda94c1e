import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { Permission, requireAccess } from '@ledger/auth';
import { LedgerAggregates } from '../../shared/aggregates.js';
import type { CommandResult } from '../../shared/ledger-command.js';
import { RecordVictimsFoundCommand } from './record-victims-found.command.js';

@CommandHandler(RecordVictimsFoundCommand)
export class RecordVictimsFoundHandler implements ICommandHandler<RecordVictimsFoundCommand> {
  constructor(private readonly aggregates: LedgerAggregates) {}

  execute({ envelope, payload }: RecordVictimsFoundCommand): Promise<CommandResult> {
    requireAccess({ actor: envelope.actor, permission: Permission.RescueRecord });
    return this.aggregates.rescueRequest(envelope, { type: 'RecordVictimsFound', data: payload });
  }
}
