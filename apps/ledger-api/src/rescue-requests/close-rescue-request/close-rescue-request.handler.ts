import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { Permission, requireAccess } from '@ledger/auth';
import { LedgerAggregates } from '../../shared/aggregates.js';
import type { CommandResult } from '../../shared/ledger-command.js';
import { CloseRescueRequestCommand } from './close-rescue-request.command.js';

@CommandHandler(CloseRescueRequestCommand)
export class CloseRescueRequestHandler implements ICommandHandler<CloseRescueRequestCommand> {
  constructor(private readonly aggregates: LedgerAggregates) {}

  execute({ envelope, payload }: CloseRescueRequestCommand): Promise<CommandResult> {
    requireAccess({ actor: envelope.actor, permission: Permission.RescueRecord });
    return this.aggregates.rescueRequest(envelope, { type: 'CloseRescueRequest', data: payload });
  }
}
