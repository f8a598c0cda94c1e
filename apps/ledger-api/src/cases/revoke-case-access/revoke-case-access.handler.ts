import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { Permission, requireAccess } from '@ledger/auth';
import { LedgerAggregates } from '../../shared/aggregates.js';
import type { CommandResult } from '../../shared/ledger-command.js';
import { RevokeCaseAccessCommand } from './revoke-case-access.command.js';

@CommandHandler(RevokeCaseAccessCommand)
export class RevokeCaseAccessHandler implements ICommandHandler<RevokeCaseAccessCommand> {
  constructor(private readonly aggregates: LedgerAggregates) {}

  execute({ envelope, payload }: RevokeCaseAccessCommand): Promise<CommandResult> {
    requireAccess({ actor: envelope.actor, permission: Permission.CaseGrantAccess });
    return this.aggregates.case(envelope, { type: 'RevokeCaseAccess', data: payload });
  }
}
