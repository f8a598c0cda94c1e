import { RuleViolationError } from '../shared/errors.js';
import { isSex, type PersonFacts, type Sex } from '../shared/event.js';
import { firstDuplicate, requireId } from '../shared/validation.js';
import type { Agency, AgencyKind } from './agencies.js';
import { CATALOGUE, type AgencyDirectory } from './agency-directory.js';
import { findCheckpoint, type Checkpoint } from './checkpoints.js';
import { isNationality } from './nationalities.js';
import { isOffence, type Offence } from './offences.js';
import { findProvince, type Province } from './provinces.js';

/** Rules: 'unknown-agency', 'agency-retired'. */
export function requireAgency(id: string, field: string, agencies: AgencyDirectory = CATALOGUE): Agency {
  const agency = agencies.find(id);
  if (!agency)
    throw new RuleViolationError('unknown-agency', `${field} ${JSON.stringify(id)} is not a known agency`, {
      field,
      agencyId: id,
    });
  if (agencies.isRetired(id)) {
    throw new RuleViolationError('agency-retired', `${field} ${id} (${agency.name}) was retired`, {
      field,
      agencyId: id,
    });
  }
  return agency;
}

/** Rules: 'unknown-agency', 'agency-retired', or `rule` when the agency is of another kind. */
export function requireAgencyOfKind(
  id: string,
  field: string,
  rule: string,
  kinds: readonly AgencyKind[],
  agencies: AgencyDirectory = CATALOGUE,
): Agency {
  const agency = requireAgency(id, field, agencies);
  if (!kinds.includes(agency.kind)) {
    throw new RuleViolationError(
      rule,
      `${field} ${id} (${agency.name}) is a ${agency.kind} agency; expected ${kinds.join(' or ')}`,
      { field, agencyId: id, kind: agency.kind, expected: kinds },
    );
  }
  return agency;
}

/** Rule: 'unknown-province'. */
export function requireProvince(code: string, field = 'provinceCode'): Province {
  const province = findProvince(code);
  if (!province) {
    throw new RuleViolationError(
      'unknown-province',
      `${field} ${JSON.stringify(code)} is not an ISO 3166-2:KH province code`,
      {
        field,
        provinceCode: code,
      },
    );
  }
  return province;
}

/** Rule: 'unknown-nationality'. */
export function requireNationality(code: string, field = 'nationality'): string {
  if (!isNationality(code)) {
    throw new RuleViolationError(
      'unknown-nationality',
      `${field} ${JSON.stringify(code)} is not an ISO 3166-1 alpha-3 code`,
      {
        field,
        nationality: code,
      },
    );
  }
  return code;
}

/** Rule: 'unknown-offence'. */
export function requireOffence(value: string, field = 'offence'): Offence {
  if (!isOffence(value)) {
    throw new RuleViolationError(
      'unknown-offence',
      `${field} ${JSON.stringify(value)} is not a known offence`,
      {
        field,
        offence: value,
      },
    );
  }
  return value;
}

/** Rule: 'unknown-checkpoint'. */
export function requireCheckpoint(id: string): Checkpoint {
  const checkpoint = findCheckpoint(id);
  if (!checkpoint) {
    throw new RuleViolationError(
      'unknown-checkpoint',
      `checkpoint ${JSON.stringify(id)} is not a known international checkpoint`,
      {
        checkpoint: id,
      },
    );
  }
  return checkpoint;
}

/** Rule: 'invalid-sex'. */
export function requireSex(value: unknown, field = 'sex'): Sex {
  if (!isSex(value)) {
    throw new RuleViolationError(
      'invalid-sex',
      `${field} must be 'female' or 'male'; got ${JSON.stringify(value)}`,
      {
        field,
        value,
      },
    );
  }
  return value;
}

/** Validates the non-identifying facts about a person. Rules: 'invalid-id', 'unknown-nationality', 'invalid-sex', 'invalid-minor-flag'. */
export function requirePersonFacts(person: PersonFacts, field: string): PersonFacts {
  requireId(person.personId, `${field}.personId`);
  requireNationality(person.nationality, `${field}.nationality`);
  requireSex(person.sex, `${field}.sex`);
  if (typeof person.minor !== 'boolean') {
    throw new RuleViolationError('invalid-minor-flag', `${field}.minor must be true or false`, { field });
  }
  return { personId: person.personId, nationality: person.nationality, sex: person.sex, minor: person.minor };
}

/** Rules: 'no-offences', 'unknown-offence', 'duplicate-offence'. */
export function requireOffenceList(values: readonly string[]): Offence[] {
  if (values.length === 0) throw new RuleViolationError('no-offences', 'name at least one offence', {});
  const offences = values.map((o, i) => requireOffence(o, `offences[${i}]`));
  const duplicate = firstDuplicate(offences);
  if (duplicate !== undefined) {
    throw new RuleViolationError('duplicate-offence', `offence ${duplicate} is listed twice`, {
      offence: duplicate,
    });
  }
  return offences;
}
