import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { Permission, requireAccess } from '@ledger/auth';
import { LedgerAggregates } from '../../shared/aggregates.js';
import type { CommandResult } from '../../shared/ledger-command.js';
import { SendCaseToCourtCommand } from './send-case-to-court.command.js';

@CommandHandler(SendCaseToCourtCommand)
export class SendCaseToCourtHandler implements ICommandHandler<SendCaseToCourtCommand> {
  constructor(private readonly aggregates: LedgerAggregates) {}

  execute({ envelope, payload }: SendCaseToCourtCommand): Promise<CommandResult> {
    requireAccess({ actor: envelope.actor, permission: Permission.CaseSendToCourt });
    return this.aggregates.case(envelope, { type: 'SendCaseToCourt', data: payload });
  }
}
