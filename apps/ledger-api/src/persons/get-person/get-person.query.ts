import type { PersonIdentity } from '@ledger/personal-data';
import { LedgerQuery } from '../../shared/ledger-command.js';

export type IdentityView =
  | ({ status: 'present' } & PersonIdentity)
  | { status: 'erased'; erasedAt: string }
  /** Registered before identities were kept, or lost with a failed registration. */
  | { status: 'absent' };

export interface PersonView {
  personId: string;
  streamId: string;
  revision: number;
  registeredBy: string;
  registeredAt: string;
  nationality: string;
  sex: string;
  minor: boolean;
  victim: boolean;
  identity: IdentityView;
}

export class GetPersonQuery extends LedgerQuery<{ personId: string; caseId?: string }, PersonView> {}
