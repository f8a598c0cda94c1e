import type { CalendarDate, Command, IsoDateTime, PersonId, Sex } from '../shared/event.js';

/** `dateOfBirth` only checks the minor flag; it is kept in the encrypted identity, never in the event. */
export type RegisterPerson = Command<
  'RegisterPerson',
  {
    personId: PersonId;
    nationality: string;
    sex: Sex;
    minor: boolean;
    victim: boolean;
    dateOfBirth?: CalendarDate;
    occurredAt: IsoDateTime;
  }
>;

export type ErasePersonIdentity = Command<
  'ErasePersonIdentity',
  { personId: PersonId; reason: string; occurredAt: IsoDateTime }
>;

export type PersonCommand = RegisterPerson | ErasePersonIdentity;
