import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { Permission, requireAccess } from '@ledger/auth';
import { LedgerAggregates } from '../../shared/aggregates.js';
import type { CommandResult } from '../../shared/ledger-command.js';
import { ReceiveRescueRequestCommand } from './receive-rescue-request.command.js';

@CommandHandler(ReceiveRescueRequestCommand)
export class ReceiveRescueRequestHandler implements ICommandHandler<ReceiveRescueRequestCommand> {
  constructor(private readonly aggregates: LedgerAggregates) {}

  execute({ envelope, payload }: ReceiveRescueRequestCommand): Promise<CommandResult> {
    requireAccess({ actor: envelope.actor, permission: Permission.RescueReceive });
    return this.aggregates.rescueRequest(envelope, { type: 'ReceiveRescueRequest', data: payload });
  }
}
