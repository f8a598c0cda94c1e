import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { Permission, requireAccess } from '@ledger/auth';
import { LedgerAggregates } from '../../shared/aggregates.js';
import type { CommandResult } from '../../shared/ledger-command.js';
import { IdentifyOffencesCommand } from './identify-offences.command.js';

@CommandHandler(IdentifyOffencesCommand)
export class IdentifyOffencesHandler implements ICommandHandler<IdentifyOffencesCommand> {
  constructor(private readonly aggregates: LedgerAggregates) {}

  execute({ envelope, payload }: IdentifyOffencesCommand): Promise<CommandResult> {
    requireAccess({ actor: envelope.actor, permission: Permission.OperationRecord });
    return this.aggregates.operation(envelope, { type: 'IdentifyOffences', data: payload });
  }
}
