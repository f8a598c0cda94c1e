/**
 * A domain event: a plain, immutable fact. Metadata (event id, actor, correlation,
 * recordedAt) is not part of it: the application wraps it in the envelope.
 */
export type DomainEvent<Type extends string, Data extends object, Version extends number = 1> = Readonly<{
  type: Type;
  schemaVersion: Version;
  data: Readonly<Data>;
}>;

/** A command: what an actor asks the ledger to record. */
export type Command<Type extends string, Data extends object> = Readonly<{
  type: Type;
  data: Readonly<Data>;
}>;

/**
 * An instant as an ISO 8601 string with an explicit offset (`2022-09-19T09:00:00.000Z`).
 * Events always carry it normalised to UTC with milliseconds (`Date#toISOString`).
 */
export type IsoDateTime = string;

/** A calendar date `YYYY-MM-DD`, read in Cambodian time (UTC+7). */
export type CalendarDate = string;

/** Identifies a person without identifying them: the identity lives in the personal-data store. */
export type PersonId = string;

export type Sex = 'female' | 'male';
export const SEXES: readonly Sex[] = ['female', 'male'];
export const isSex = (value: unknown): value is Sex => value === 'female' || value === 'male';

/** Non-identifying facts about a person the ledger may keep. */
export interface PersonFacts {
  readonly personId: PersonId;
  /** ISO 3166-1 alpha-3. */
  readonly nationality: string;
  readonly sex: Sex;
  readonly minor: boolean;
}
