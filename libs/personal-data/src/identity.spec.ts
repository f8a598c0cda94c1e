import { describe, expect, it } from '@jest/globals';
import fc from 'fast-check';
import { InvalidIdentityError, validateIdentity } from './index.js';

describe('validateIdentity', () => {
  it('accepts a full identity and returns a copy of its known fields', () => {
    const identity = {
      name: 'Chen Wei',
      dateOfBirth: '1990-02-28',
      document: { kind: 'passport', number: 'E12345678', issuingCountry: 'CHN' },
      photoReference: 'photos/2022/09/p-001.jpg',
    };
    const valid = validateIdentity(identity);
    expect(valid).toEqual(identity);
    expect(valid).not.toBe(identity);
    expect(validateIdentity({ name: 'Sok' })).toEqual({ name: 'Sok' });
  });

  it.each([
    [null, 'identity', 'must be an object'],
    [['Chen Wei'], 'identity', 'must be an object'],
    [{}, 'name', 'must be a string'],
    [{ name: '   ' }, 'name', 'must not be empty'],
    [{ name: 'x'.repeat(301) }, 'name', 'must be at most 300 characters'],
    [{ name: 'A', passportNumber: 'E1' }, 'passportNumber', 'is not a known field'],
    [{ name: 'A', dateOfBirth: '1990-2-3' }, 'dateOfBirth', 'must be a calendar date YYYY-MM-DD'],
    [{ name: 'A', dateOfBirth: '2023-02-29' }, 'dateOfBirth', 'must be a calendar date YYYY-MM-DD'],
    [{ name: 'A', dateOfBirth: '2999-01-01' }, 'dateOfBirth', 'must not be in the future'],
    [{ name: 'A', dateOfBirth: null }, 'dateOfBirth', 'must be a calendar date YYYY-MM-DD'],
    [{ name: 'A', document: 'E1' }, 'document', 'must be an object'],
    [{ name: 'A', document: { kind: 'visa', number: 'E1' } }, 'document.kind', 'must be one of'],
    [{ name: 'A', document: { kind: 'passport' } }, 'document.number', 'must be a string'],
    [{ name: 'A', document: { kind: 'passport', number: '' } }, 'document.number', 'must not be empty'],
    [
      { name: 'A', document: { kind: 'passport', number: 'E1', issuingCountry: 'cn' } },
      'document.issuingCountry',
      'must be an ISO 3166-1 alpha-3 code',
    ],
    [
      { name: 'A', document: { kind: 'other', number: 'E1', expiry: 'x' } },
      'document.expiry',
      'is not a known',
    ],
    [{ name: 'A', photoReference: 42 }, 'photoReference', 'must be a string'],
  ])('refuses %j, naming the field', (value, field, problem) => {
    let error: unknown;
    try {
      validateIdentity(value);
    } catch (caught) {
      error = caught;
    }
    expect(error).toBeInstanceOf(InvalidIdentityError);
    expect((error as InvalidIdentityError).field).toBe(field);
    expect((error as InvalidIdentityError).message).toContain(`${field} ${problem}`);
  });

  it('throws nothing but InvalidIdentityError, whatever it is given', () => {
    fc.assert(
      fc.property(fc.anything(), (value) => {
        try {
          validateIdentity(value);
        } catch (error) {
          return error instanceof InvalidIdentityError;
        }
        return true;
      }),
    );
  });

  it('returns every valid identity unchanged', () => {
    const nonBlank = (max: number) =>
      fc.string({ minLength: 1, maxLength: max }).filter((s) => s.trim() !== '');
    const identity = fc.record(
      {
        name: nonBlank(300),
        dateOfBirth: fc
          .date({ min: new Date('1900-01-01'), max: new Date('2020-12-31'), noInvalidDate: true })
          .map((d) => d.toISOString().slice(0, 10)),
        document: fc.record(
          {
            kind: fc.constantFrom('passport' as const, 'national-id' as const, 'other' as const),
            number: nonBlank(64),
            issuingCountry: fc.stringMatching(/^[A-Z]{3}$/),
          },
          { requiredKeys: ['kind', 'number'] },
        ),
        photoReference: nonBlank(2_048),
      },
      { requiredKeys: ['name'] },
    );
    fc.assert(fc.property(identity, (value) => expect(validateIdentity(value)).toEqual(value)));
  });
});
