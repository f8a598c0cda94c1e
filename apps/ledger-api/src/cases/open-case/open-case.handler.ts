import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { Permission, requireAccess } from '@ledger/auth';
import { LedgerAggregates } from '../../shared/aggregates.js';
import type { CommandResult } from '../../shared/ledger-command.js';
import { OpenCaseCommand } from './open-case.command.js';

@CommandHandler(OpenCaseCommand)
export class OpenCaseHandler implements ICommandHandler<OpenCaseCommand> {
  constructor(private readonly aggregates: LedgerAggregates) {}

  execute({ envelope, payload }: OpenCaseCommand): Promise<CommandResult> {
    requireAccess({ actor: envelope.actor, permission: Permission.CaseOpen });
    return this.aggregates.case(envelope, { type: 'OpenCase', data: payload });
  }
}
