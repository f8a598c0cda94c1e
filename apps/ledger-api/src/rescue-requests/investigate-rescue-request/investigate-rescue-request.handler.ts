import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { Permission, requireAccess } from '@ledger/auth';
import { LedgerAggregates } from '../../shared/aggregates.js';
import type { CommandResult } from '../../shared/ledger-command.js';
import { InvestigateRescueRequestCommand } from './investigate-rescue-request.command.js';

@CommandHandler(InvestigateRescueRequestCommand)
export class InvestigateRescueRequestHandler implements ICommandHandler<InvestigateRescueRequestCommand> {
  constructor(private readonly aggregates: LedgerAggregates) {}

  execute({ envelope, payload }: InvestigateRescueRequestCommand): Promise<CommandResult> {
    requireAccess({ actor: envelope.actor, permission: Permission.RescueInvestigate });
    return this.aggregates.rescueRequest(envelope, { type: 'InvestigateRescueRequest', data: payload });
  }
}
