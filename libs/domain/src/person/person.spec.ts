import { describe, expect, it } from '@jest/globals';
import type { DecideContext } from '../shared/decider.js';
import { AgencyNotPermittedError, AggregateNotFoundError, RuleViolationError } from '../shared/errors.js';
import { spec } from '../shared/given-when-then.spec-helper.js';
import type { ErasePersonIdentity, RegisterPerson } from './person.commands.js';
import { personDecider } from './person.decider.js';
import type { PersonIdentityErased, PersonRegistered } from './person.events.js';
import { isRestrictedPerson, type RegisteredPerson } from './person.state.js';

const NOW = new Date('2022-10-01T00:00:00.000Z');
const T_REG = '2022-09-19T03:00:00.000Z';
const T_ERASE = '2022-09-30T03:00:00.000Z';
const ctx = (agencyId = 'gdi'): DecideContext => ({
  now: NOW,
  actor: { userId: 'u', agencyId, role: 'officer' },
});

type Data<C extends { data: object }> = Partial<{ -readonly [K in keyof C['data']]: C['data'][K] }>;
const register = (d: Data<RegisterPerson> = {}): RegisterPerson => ({
  type: 'RegisterPerson',
  data: {
    personId: 'p-1',
    nationality: 'CHN',
    sex: 'male',
    minor: false,
    victim: false,
    occurredAt: T_REG,
    ...d,
  },
});
const registered = (d: Partial<PersonRegistered['data']> = {}): PersonRegistered => ({
  type: 'PersonRegistered',
  schemaVersion: 1,
  data: {
    personId: 'p-1',
    registeredBy: 'gdi',
    nationality: 'CHN',
    sex: 'male',
    minor: false,
    victim: false,
    occurredAt: T_REG,
    ...d,
  },
});
const erase = (d: Data<ErasePersonIdentity> = {}): ErasePersonIdentity => ({
  type: 'ErasePersonIdentity',
  data: { personId: 'p-1', reason: 'deported; retention ended', occurredAt: T_ERASE, ...d },
});
const erased: PersonIdentityErased = {
  type: 'PersonIdentityErased',
  schemaVersion: 1,
  data: { personId: 'p-1', erasedBy: 'gdi', reason: 'deported; retention ended', occurredAt: T_ERASE },
};

const given = spec(personDecider).given;

describe('RegisterPerson', () => {
  it('registers the non-identifying facts only, with the registering agency', () => {
    const state = given([])
      .when(register({ dateOfBirth: '1990-05-01' }), ctx())
      .then([registered()]);
    expect(state).toMatchObject({ status: 'registered', registeredBy: 'gdi' });
  });

  it('flags a minor by the date of birth on the day of recording, in Cambodian time', () => {
    // 18 on 2022-09-19 in Cambodia: no longer a minor that day.
    given([])
      .when(register({ dateOfBirth: '2004-09-19' }), ctx())
      .then([registered()]);
    given([])
      .when(register({ dateOfBirth: '2004-09-20', minor: true }), ctx())
      .then([registered({ minor: true })]);
  });

  it('refuses a minor flag that contradicts the date of birth', () => {
    given([])
      .when(register({ dateOfBirth: '2010-01-01', minor: false }), ctx())
      .thenThrows(RuleViolationError, 'minor-flag-contradicts-date-of-birth');
    given([])
      .when(register({ dateOfBirth: '1980-01-01', minor: true }), ctx())
      .thenThrows(RuleViolationError, 'minor-flag-contradicts-date-of-birth');
  });

  it('refuses bad facts, a birth after the recording, and a second registration', () => {
    given([])
      .when(register({ nationality: 'XXX' }), ctx())
      .thenThrows(RuleViolationError, 'unknown-nationality');
    given([])
      .when(register({ victim: 'yes' as unknown as boolean }), ctx())
      .thenThrows(RuleViolationError, 'invalid-victim-flag');
    given([])
      .when(register({ dateOfBirth: '2022-09-20' }), ctx())
      .thenThrows(RuleViolationError, 'date-of-birth-in-future');
    given([])
      .when(register({ dateOfBirth: '1990-02-30' }), ctx())
      .thenThrows(RuleViolationError, 'invalid-date');
    given([registered()]).when(register(), ctx()).thenThrows(RuleViolationError, 'person-already-registered');
  });

  it('makes minors and victims restricted, and no one else', () => {
    const state = (d: Partial<PersonRegistered['data']>) =>
      given([])
        .when(register(d), ctx())
        .then([registered(d)]) as RegisteredPerson;
    expect(isRestrictedPerson(state({}))).toBe(false);
    expect(isRestrictedPerson(state({ minor: true }))).toBe(true);
    expect(isRestrictedPerson(state({ victim: true }))).toBe(true);
  });
});

describe('ErasePersonIdentity', () => {
  it('erases once, by the registering agency', () => {
    const state = given([registered()]).when(erase(), ctx()).then([erased]);
    expect(state).toMatchObject({ status: 'erased', erasure: { erasedBy: 'gdi', erasedAt: T_ERASE } });
    given([registered(), erased])
      .when(erase(), ctx())
      .thenThrows(RuleViolationError, 'identity-already-erased');
  });

  it('refuses another agency, an unknown person, a date before registration and an empty reason', () => {
    given([registered()])
      .when(erase(), ctx('nppd'))
      .thenThrows(AgencyNotPermittedError, 'not-registering-agency');
    given([]).when(erase(), ctx()).thenThrows(AggregateNotFoundError);
    given([registered()])
      .when(erase({ occurredAt: '2022-09-01T00:00:00.000Z' }), ctx())
      .thenThrows(RuleViolationError, 'occurred-before-registration');
    given([registered()])
      .when(erase({ reason: ' ' }), ctx())
      .thenThrows(RuleViolationError, 'required-text');
  });
});
