import type { RegisterPerson } from '@ledger/domain';
import type { PersonIdentity } from '@ledger/personal-data';
import { LedgerCommand } from '../../shared/ledger-command.js';

export class RegisterPersonCommand extends LedgerCommand<{
  facts: Omit<RegisterPerson['data'], 'dateOfBirth'>;
  identity: PersonIdentity;
}> {}
