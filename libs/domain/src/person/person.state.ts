import type { IsoDateTime, PersonId, Sex } from '../shared/event.js';

export interface NoPerson {
  readonly status: 'none';
}

export interface RegisteredPerson {
  readonly status: 'registered' | 'erased';
  readonly personId: PersonId;
  readonly registeredBy: string;
  readonly nationality: string;
  readonly sex: Sex;
  readonly minor: boolean;
  readonly victim: boolean;
  readonly registeredAt: IsoDateTime;
  readonly erasure?: { readonly erasedBy: string; readonly reason: string; readonly erasedAt: IsoDateTime };
}

export type PersonState = NoPerson | RegisteredPerson;

export const initialPersonState: PersonState = { status: 'none' };

/** Minors' and victims' identities are need-to-know. */
export const isRestrictedPerson = (person: RegisteredPerson): boolean => person.minor || person.victim;
