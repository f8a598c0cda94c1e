import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { Permission, requireAccess } from '@ledger/auth';
import { IdentityVault } from '@ledger/personal-data';
import { LedgerAggregates } from '../../shared/aggregates.js';
import type { CommandResult } from '../../shared/ledger-command.js';
import { ErasePersonIdentityCommand } from './erase-person-identity.command.js';

/**
 * The erasure is decided and recorded first, then the key destroyed: a refused erasure never
 * destroys a key. Should the process die in between, reads see the recorded erasure, never
 * decrypt, and finish destroying the key.
 */
@CommandHandler(ErasePersonIdentityCommand)
export class ErasePersonIdentityHandler implements ICommandHandler<ErasePersonIdentityCommand> {
  constructor(
    private readonly aggregates: LedgerAggregates,
    private readonly vault: IdentityVault,
  ) {}

  async execute({ envelope, payload }: ErasePersonIdentityCommand): Promise<CommandResult> {
    requireAccess({ actor: envelope.actor, permission: Permission.PersonErase });
    const result = await this.aggregates.person(envelope, { type: 'ErasePersonIdentity', data: payload });
    await this.vault.erase(payload.personId);
    return result;
  }
}
