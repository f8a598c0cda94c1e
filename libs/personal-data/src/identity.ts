/** Who a person is. Kept only encrypted, in the IdentityVault; events refer to the person by id. */
export interface PersonIdentity {
  /** Required, non-empty. */
  name: string;
  /** YYYY-MM-DD. */
  dateOfBirth?: string;
  document?: { kind: 'passport' | 'national-id' | 'other'; number: string; issuingCountry?: string };
  photoReference?: string;
}

export const DOCUMENT_KINDS = ['passport', 'national-id', 'other'] as const;

/** An identity (or person id) that cannot be stored; `field` names the offending one, e.g. `document.number`. */
export class InvalidIdentityError extends Error {
  override readonly name = 'InvalidIdentityError';
  constructor(
    readonly field: string,
    readonly problem: string,
  ) {
    super(`${field} ${problem}`);
  }
}

const LIMITS = { name: 300, documentNumber: 64, photoReference: 2_048, personId: 200 } as const;
const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;
/** ISO 3166-1 alpha-3, like the nationalities of the domain. */
const COUNTRY = /^[A-Z]{3}$/;

type Fields = Record<string, unknown>;

const isRecord = (value: unknown): value is Fields =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

function onlyKnown(value: Fields, known: readonly string[], prefix: string): void {
  // Unknown fields are refused, not dropped: a caller who sends `passportNumber` must learn it was not kept.
  const unknown = Object.keys(value).find((key) => !known.includes(key));
  if (unknown !== undefined) throw new InvalidIdentityError(`${prefix}${unknown}`, 'is not a known field');
}

function text(value: unknown, field: string, max: number): string {
  if (typeof value !== 'string') throw new InvalidIdentityError(field, 'must be a string');
  if (value.trim() === '') throw new InvalidIdentityError(field, 'must not be empty');
  if (value.length > max) throw new InvalidIdentityError(field, `must be at most ${max} characters`);
  return value;
}

function dateOfBirth(value: unknown): string {
  const match = typeof value === 'string' ? ISO_DATE.exec(value) : null;
  const [year, month, day] = (match ?? []).slice(1).map(Number);
  const date = match ? new Date(Date.UTC(year!, month! - 1, day!)) : undefined;
  if (
    !date ||
    date.getUTCFullYear() !== year ||
    date.getUTCMonth() !== month! - 1 ||
    date.getUTCDate() !== day
  ) {
    throw new InvalidIdentityError('dateOfBirth', 'must be a calendar date YYYY-MM-DD');
  }
  // Today somewhere on Earth (UTC+14) is the latest possible birthday.
  if (date.getTime() > Date.now() + 14 * 3_600_000) {
    throw new InvalidIdentityError('dateOfBirth', 'must not be in the future');
  }
  return value as string;
}

function documentOf(value: unknown): NonNullable<PersonIdentity['document']> {
  if (!isRecord(value)) throw new InvalidIdentityError('document', 'must be an object');
  onlyKnown(value, ['kind', 'number', 'issuingCountry'], 'document.');
  if (!(DOCUMENT_KINDS as readonly unknown[]).includes(value.kind)) {
    throw new InvalidIdentityError('document.kind', `must be one of ${DOCUMENT_KINDS.join(', ')}`);
  }
  const document: NonNullable<PersonIdentity['document']> = {
    kind: value.kind as (typeof DOCUMENT_KINDS)[number],
    number: text(value.number, 'document.number', LIMITS.documentNumber),
  };
  if (value.issuingCountry !== undefined) {
    if (typeof value.issuingCountry !== 'string' || !COUNTRY.test(value.issuingCountry)) {
      throw new InvalidIdentityError(
        'document.issuingCountry',
        'must be an ISO 3166-1 alpha-3 code such as KHM',
      );
    }
    document.issuingCountry = value.issuingCountry;
  }
  return document;
}

/**
 * Checks an identity as it came in (e.g. a request body) and returns a copy with only its known fields.
 * Throws InvalidIdentityError naming the first bad field.
 */
export function validateIdentity(value: unknown): PersonIdentity {
  if (!isRecord(value)) throw new InvalidIdentityError('identity', 'must be an object');
  onlyKnown(value, ['name', 'dateOfBirth', 'document', 'photoReference'], '');
  const identity: PersonIdentity = { name: text(value.name, 'name', LIMITS.name) };
  if (value.dateOfBirth !== undefined) identity.dateOfBirth = dateOfBirth(value.dateOfBirth);
  if (value.document !== undefined) identity.document = documentOf(value.document);
  if (value.photoReference !== undefined) {
    identity.photoReference = text(value.photoReference, 'photoReference', LIMITS.photoReference);
  }
  return identity;
}

/** Person ids are the ledger's own (`p-001`), never identifying; they key the rows and bind the ciphertext. */
export function checkPersonId(personId: unknown): string {
  if (typeof personId !== 'string' || personId === '' || personId.length > LIMITS.personId) {
    throw new InvalidIdentityError(
      'personId',
      `must be a non-empty string of at most ${LIMITS.personId} characters`,
    );
  }
  return personId;
}
