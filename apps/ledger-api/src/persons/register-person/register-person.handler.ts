import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { Permission, requireAccess } from '@ledger/auth';
import { IdentityExistsError, IdentityVault, validateIdentity } from '@ledger/personal-data';
import { personDecider, STREAM_CATEGORIES, streamIdFor } from '@ledger/domain';
import { AggregateRepository } from '../../shared/aggregate-repository.js';
import { LedgerAggregates } from '../../shared/aggregates.js';
import type { CommandResult } from '../../shared/ledger-command.js';
import { RegisterPersonCommand } from './register-person.command.js';

/**
 * The identity is stored first and the registration appended second: a registration in the
 * ledger always has its identity. When the append is refused the identity is discarded again.
 */
@CommandHandler(RegisterPersonCommand)
export class RegisterPersonHandler implements ICommandHandler<RegisterPersonCommand> {
  constructor(
    private readonly aggregates: LedgerAggregates,
    private readonly vault: IdentityVault,
    private readonly repository: AggregateRepository,
  ) {}

  async execute({ envelope, payload }: RegisterPersonCommand): Promise<CommandResult> {
    requireAccess({ actor: envelope.actor, permission: Permission.PersonRegister });
    const identity = validateIdentity(payload.identity);
    const { personId } = payload.facts;
    const command = {
      type: 'RegisterPerson' as const,
      data: { ...payload.facts, ...(identity.dateOfBirth ? { dateOfBirth: identity.dateOfBirth } : {}) },
    };
    let stored = false;
    try {
      await this.vault.store(personId, identity);
      stored = true;
    } catch (err) {
      if (!(err instanceof IdentityExistsError)) throw err;
      // Left by a registration that never reached the ledger: this one replaces it. A registered
      // person keeps theirs, and the decider refuses the second registration.
      const registered = await this.repository.load(
        personDecider,
        streamIdFor(STREAM_CATEGORIES.person, personId),
      );
      if (registered.loadedRevision === undefined) {
        await this.vault.discard(personId);
        await this.vault.store(personId, identity);
        stored = true;
      }
    }
    try {
      return await this.aggregates.person(envelope, command);
    } catch (err) {
      if (stored) await this.vault.discard(personId);
      throw err;
    }
  }
}
