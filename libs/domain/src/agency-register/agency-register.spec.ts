import { describe, expect, it } from '@jest/globals';
import { requireAgency, requireAgencyOfKind } from '../reference-data/rules.js';
import type { DecideContext } from '../shared/decider.js';
import { RuleViolationError } from '../shared/errors.js';
import { spec } from '../shared/given-when-then.spec-helper.js';
import type { RegisterAgency } from './agency-register.commands.js';
import { agencyRegisterDecider } from './agency-register.decider.js';
import type { AgencyRegistered, AgencyRenamed, AgencyRetired } from './agency-register.events.js';
import { directoryOf, type AgencyRegisterState } from './agency-register.state.js';

const NOW = new Date('2022-10-01T00:00:00.000Z');
const AT = '2022-09-25T02:00:00.000Z';
const ctx: DecideContext = {
  now: NOW,
  actor: { userId: 'root', agencyId: 'national-police', role: 'admin' },
};

type Data<C extends { data: object }> = Partial<{ -readonly [K in keyof C['data']]: C['data'][K] }>;
const register = (d: Data<RegisterAgency> = {}): RegisterAgency => ({
  type: 'RegisterAgency',
  data: {
    agencyId: 'mission-lka',
    kind: 'foreign-mission',
    name: 'Embassy of Sri Lanka',
    countryCode: 'LKA',
    occurredAt: AT,
    ...d,
  },
});
const registered: AgencyRegistered = {
  type: 'AgencyRegistered',
  schemaVersion: 1,
  data: {
    agencyId: 'mission-lka',
    kind: 'foreign-mission',
    name: 'Embassy of Sri Lanka',
    countryCode: 'LKA',
    occurredAt: AT,
  },
};
const renamed: AgencyRenamed = {
  type: 'AgencyRenamed',
  schemaVersion: 1,
  data: { agencyId: 'mission-lka', name: 'Consulate of Sri Lanka', occurredAt: AT },
};
const retired: AgencyRetired = {
  type: 'AgencyRetired',
  schemaVersion: 1,
  data: { agencyId: 'mission-lka', reason: 'closed', occurredAt: AT },
};
const given = spec(agencyRegisterDecider).given;

describe('the agency register', () => {
  it('registers an agency the catalogue lacks, and the directory knows it from then on', () => {
    const state = given([]).when(register(), ctx).then([registered]);
    const directory = directoryOf(state);
    expect(directory.find('mission-lka')).toEqual({
      id: 'mission-lka',
      kind: 'foreign-mission',
      name: 'Embassy of Sri Lanka',
      countryCode: 'LKA',
    });
    expect(
      requireAgencyOfKind(
        'mission-lka',
        'fromMissionId',
        'not-a-foreign-mission',
        ['foreign-mission'],
        directory,
      ).id,
    ).toBe('mission-lka');
    // Without the directory the shipped catalogue alone answers.
    expect(() => requireAgency('mission-lka', 'fromMissionId')).toThrow(RuleViolationError);
  });

  it('refuses an id that exists, in the catalogue or registered, and bad kinds, provinces and countries', () => {
    given([])
      .when(register({ agencyId: 'gdi' }), ctx)
      .thenThrows(RuleViolationError, 'agency-already-exists');
    given([registered]).when(register(), ctx).thenThrows(RuleViolationError, 'agency-already-exists');
    given([])
      .when(register({ kind: 'secret-police' }), ctx)
      .thenThrows(RuleViolationError, 'unknown-agency-kind');
    given([])
      .when(register({ provinceCode: 'KH-99' }), ctx)
      .thenThrows(RuleViolationError, 'unknown-province');
    given([])
      .when(register({ countryCode: undefined }), ctx)
      .thenThrows(RuleViolationError, 'mission-without-country');
    given([])
      .when(register({ agencyId: 'police-new', kind: 'provincial-police' }), ctx)
      .thenThrows(RuleViolationError, 'country-only-for-missions');
    given([])
      .when(register({ agencyId: 'bad id!' }), ctx)
      .thenThrows(RuleViolationError, 'invalid-agency-id');
    given([])
      .when(register({ occurredAt: '2023-01-01T00:00:00Z' }), ctx)
      .thenThrows(RuleViolationError, 'date-in-future');
  });

  it('renames catalogue and registered agencies, but not to the same name', () => {
    expect(
      directoryOf(
        given([registered]).when({ type: 'RenameAgency', data: renamed.data }, ctx).then([renamed]),
      ).find('mission-lka')?.name,
    ).toBe('Consulate of Sri Lanka');
    const gdi = given([]).when(
      { type: 'RenameAgency', data: { agencyId: 'gdi', name: 'Immigration', occurredAt: AT } },
      ctx,
    );
    expect(
      directoryOf(
        gdi.then([
          { ...renamed, data: { agencyId: 'gdi', name: 'Immigration', occurredAt: AT } },
        ]) as AgencyRegisterState,
      ).find('gdi')?.name,
    ).toBe('Immigration');
    given([registered, renamed])
      .when({ type: 'RenameAgency', data: renamed.data }, ctx)
      .thenThrows(RuleViolationError, 'name-unchanged');
    given([])
      .when({ type: 'RenameAgency', data: { ...renamed.data, agencyId: 'nowhere' } }, ctx)
      .thenThrows(RuleViolationError, 'unknown-agency');
  });

  it('retires an agency once: old records keep it, new ones may not name it', () => {
    const state = given([registered]).when({ type: 'RetireAgency', data: retired.data }, ctx).then([retired]);
    const directory = directoryOf(state);
    expect(directory.find('mission-lka')).toBeDefined();
    expect(directory.all().find((a) => a.id === 'mission-lka')?.retired).toBe(true);
    expect(() => requireAgency('mission-lka', 'fromMissionId', directory)).toThrow(/was retired/);
    given([registered, retired])
      .when({ type: 'RetireAgency', data: retired.data }, ctx)
      .thenThrows(RuleViolationError, 'agency-retired');
    given([registered, retired])
      .when({ type: 'RenameAgency', data: renamed.data }, ctx)
      .thenThrows(RuleViolationError, 'agency-retired');
  });
});
