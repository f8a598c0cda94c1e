import { describe, expect, it } from '@jest/globals';
import { RuleViolationError } from '../shared/errors.js';
import { AGENCIES, AGENCY_KINDS, findAgency, isAgencyOfKind } from './agencies.js';
import { CHECKPOINTS, findCheckpoint } from './checkpoints.js';
import { findNationality, isForeigner, isNationality, NATIONALITIES } from './nationalities.js';
import { isOffence, isTraffickingOffence, OFFENCES, TRAFFICKING_OFFENCES } from './offences.js';
import { findProvince, isProvinceCode, PROVINCES } from './provinces.js';
import {
  requireAgency,
  requireAgencyOfKind,
  requireCheckpoint,
  requireNationality,
  requireOffence,
  requireOffenceList,
  requirePersonFacts,
  requireProvince,
  requireSex,
} from './rules.js';
import type { PersonFacts } from '../shared/event.js';

function ruleOf(fn: () => unknown): string | undefined {
  try {
    fn();
  } catch (error) {
    if (error instanceof RuleViolationError) return error.rule;
    throw error;
  }
  return undefined;
}

describe('provinces', () => {
  it('lists the 25 provinces under ISO 3166-2:KH codes KH-1 to KH-25', () => {
    expect(PROVINCES).toHaveLength(25);
    expect(PROVINCES.map((p) => p.code)).toEqual(Array.from({ length: 25 }, (_, i) => `KH-${i + 1}`));
  });

  it('names them in English', () => {
    expect(findProvince('KH-1')?.name).toBe('Banteay Meanchey');
    expect(findProvince('KH-12')?.name).toBe('Phnom Penh');
    expect(findProvince('KH-18')?.name).toBe('Preah Sihanouk');
    expect(findProvince('KH-25')?.name).toBe('Tbong Khmum');
    expect(findProvince('KH-26')).toBeUndefined();
    expect(isProvinceCode('KH-7')).toBe(true);
    expect(isProvinceCode('kh-7')).toBe(false);
  });
});

describe('nationalities', () => {
  it('holds the full ISO 3166-1 alpha-3 list', () => {
    const codes = Object.keys(NATIONALITIES);
    expect(codes).toHaveLength(249);
    for (const code of codes) expect(code).toMatch(/^[A-Z]{3}$/);
    expect(NATIONALITIES.KHM).toBe('Cambodia');
    expect(findNationality('VNM')).toEqual({ code: 'VNM', name: 'Viet Nam' });
    expect(findNationality('XXX')).toBeUndefined();
  });

  it('knows a code only when it is listed (not inherited object keys)', () => {
    expect(isNationality('TWN')).toBe(true);
    expect(isNationality('constructor')).toBe(false);
    expect(isNationality('vnm')).toBe(false);
  });

  it('treats every known nationality but KHM as foreign', () => {
    expect(isForeigner('KHM')).toBe(false);
    expect(isForeigner('CHN')).toBe(true);
    expect(isForeigner('XXX')).toBe(false);
  });
});

describe('agencies', () => {
  it('has unique ids of known kinds', () => {
    const ids = AGENCIES.map((a) => a.id);
    expect(new Set(ids).size).toBe(ids.length);
    for (const agency of AGENCIES) expect(AGENCY_KINDS).toContain(agency.kind);
  });

  it('has the national agencies the reports name', () => {
    expect(findAgency('gdi')).toMatchObject({
      kind: 'immigration',
      name: 'General Department of Immigration',
    });
    expect(findAgency('dacg')?.kind).toBe('anti-gambling');
    expect(findAgency('ahtjp')?.kind).toBe('anti-trafficking');
    expect(findAgency('csd')?.kind).toBe('central-security');
    expect(findAgency('ncct')?.kind).toBe('counter-trafficking-committee');
    expect(findAgency('cgmc')?.kind).toBe('gambling-commission');
    expect(findAgency('national-police')?.kind).toBe('national-police');
    expect(findAgency('military-police')?.kind).toBe('military-police');
  });

  it('has six agencies in each of the 25 provinces', () => {
    for (const { code } of PROVINCES) {
      const slug = code.toLowerCase();
      expect([
        findAgency(`police-${slug}`)?.kind,
        findAgency(`ahtjp-${slug}`)?.kind,
        findAgency(`military-police-${slug}`)?.kind,
        findAgency(`court-${slug}`)?.kind,
        findAgency(`prosecutor-${slug}`)?.kind,
        findAgency(`admin-${slug}`)?.kind,
      ]).toEqual([
        'provincial-police',
        'anti-trafficking',
        'military-police',
        'court',
        'prosecutor',
        'provincial-administration',
      ]);
      expect(findAgency(`court-${slug}`)?.provinceCode).toBe(code);
    }
    expect(findAgency('admin-kh-18')?.name).toBe('Preah Sihanouk Provincial Administration');
    expect(findAgency('police-kh-12')?.name).toBe('Phnom Penh Municipal Police');
  });

  it('has the foreign missions that send rescue requests, each for a known country', () => {
    for (const country of [
      'chn',
      'vnm',
      'mys',
      'idn',
      'ind',
      'tha',
      'bgd',
      'twn',
      'kor',
      'phl',
      'mmr',
      'lao',
    ]) {
      const mission = findAgency(`mission-${country}`);
      expect(mission?.kind).toBe('foreign-mission');
      expect(mission?.countryCode).toBe(country.toUpperCase());
    }
    for (const mission of AGENCIES.filter((a) => a.kind === 'foreign-mission')) {
      expect(isNationality(mission.countryCode)).toBe(true);
    }
    expect(findAgency('mission-twn')?.name).toMatch(/Taipei/);
  });

  it('checks an agency against kinds', () => {
    expect(isAgencyOfKind('court-kh-18', 'court', 'prosecutor')).toBe(true);
    expect(isAgencyOfKind('police-kh-18', 'court', 'prosecutor')).toBe(false);
    expect(isAgencyOfKind('nowhere', 'court')).toBe(false);
  });
});

describe('checkpoints', () => {
  it('has the deportation checkpoints, each in a known province', () => {
    for (const id of [
      'pnh-airport',
      'prek-chak',
      'bavet',
      'poipet',
      'sihanoukville-airport',
      'siem-reap-angkor-airport',
      'kaam-samnor',
    ]) {
      expect(findCheckpoint(id)).toBeDefined();
    }
    expect(findCheckpoint('prek-chak')).toMatchObject({
      name: 'Prek Chak International Checkpoint',
      provinceCode: 'KH-7',
    });
    expect(findCheckpoint('pnh-airport')).toMatchObject({
      name: 'Phnom Penh International Airport',
      provinceCode: 'KH-12',
    });
    for (const checkpoint of CHECKPOINTS) expect(isProvinceCode(checkpoint.provinceCode)).toBe(true);
  });
});

describe('offences', () => {
  it('lists the offences and counts trafficking and sexual exploitation as trafficking', () => {
    expect(OFFENCES).toHaveLength(12);
    expect(TRAFFICKING_OFFENCES).toEqual(['human-trafficking', 'sexual-exploitation']);
    expect(isTraffickingOffence('sexual-exploitation')).toBe(true);
    expect(isTraffickingOffence('prostitution')).toBe(false);
    expect(isOffence('illegal-online-gambling')).toBe(true);
    expect(isOffence('jaywalking')).toBe(false);
  });
});

describe('reference rules', () => {
  it('rejects unknown reference data with a rule code per kind', () => {
    expect(ruleOf(() => requireAgency('nowhere', 'agencyId'))).toBe('unknown-agency');
    expect(ruleOf(() => requireProvince('KH-99'))).toBe('unknown-province');
    expect(ruleOf(() => requireNationality('XYZ'))).toBe('unknown-nationality');
    expect(ruleOf(() => requireOffence('jaywalking'))).toBe('unknown-offence');
    expect(ruleOf(() => requireCheckpoint('heathrow'))).toBe('unknown-checkpoint');
    expect(ruleOf(() => requireSex('other'))).toBe('invalid-sex');
  });

  it('rejects an agency of the wrong kind with the caller’s rule code, naming both kinds', () => {
    let error: unknown;
    try {
      requireAgencyOfKind('police-kh-18', 'courtId', 'not-a-court', ['court']);
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(RuleViolationError);
    expect((error as RuleViolationError).rule).toBe('not-a-court');
    expect((error as RuleViolationError).message).toMatch(/provincial-police.*expected court/);
    expect(requireAgencyOfKind('court-kh-18', 'courtId', 'not-a-court', ['court']).id).toBe('court-kh-18');
  });

  it('checks an offence list: not empty, known, no repeats', () => {
    expect(requireOffenceList(['fraud', 'cybercrime'])).toEqual(['fraud', 'cybercrime']);
    expect(ruleOf(() => requireOffenceList([]))).toBe('no-offences');
    expect(ruleOf(() => requireOffenceList(['fraud', 'nope']))).toBe('unknown-offence');
    expect(ruleOf(() => requireOffenceList(['fraud', 'fraud']))).toBe('duplicate-offence');
  });

  it('keeps only the non-identifying facts of a person', () => {
    const withName = {
      personId: 'p1',
      nationality: 'VNM',
      sex: 'female',
      minor: true,
      name: 'N. N.',
    } as PersonFacts;
    expect(requirePersonFacts(withName, 'victims[0]')).toStrictEqual({
      personId: 'p1',
      nationality: 'VNM',
      sex: 'female',
      minor: true,
    });
  });

  it('rejects a person whose minor flag is not a boolean', () => {
    const facts = {
      personId: 'p1',
      nationality: 'VNM',
      sex: 'female',
      minor: 'yes',
    } as unknown as PersonFacts;
    expect(ruleOf(() => requirePersonFacts(facts, 'victims[0]'))).toBe('invalid-minor-flag');
  });
});
