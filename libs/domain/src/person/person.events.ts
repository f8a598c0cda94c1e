import type { DomainEvent, IsoDateTime, PersonId, Sex } from '../shared/event.js';

/**
 * A person the ledger keeps an identity for. The event holds only the non-identifying facts;
 * the identity (name, date of birth, document, photo) is encrypted in the personal-data store
 * under the person's own key.
 */
export type PersonRegistered = DomainEvent<
  'PersonRegistered',
  {
    personId: PersonId;
    registeredBy: string;
    nationality: string;
    sex: Sex;
    minor: boolean;
    /** A victim's identity is restricted, like a minor's: it needs a need-to-know grant. */
    victim: boolean;
    occurredAt: IsoDateTime;
  }
>;

/** The person's key was destroyed: every copy of the identity is unreadable from here on. */
export type PersonIdentityErased = DomainEvent<
  'PersonIdentityErased',
  { personId: PersonId; erasedBy: string; reason: string; occurredAt: IsoDateTime }
>;

export type PersonEvent = PersonRegistered | PersonIdentityErased;

export const PERSON_EVENT_TYPES = [
  'PersonRegistered',
  'PersonIdentityErased',
] as const satisfies readonly PersonEvent['type'][];
