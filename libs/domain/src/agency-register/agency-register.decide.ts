import { AGENCY_ID_PATTERN, AGENCY_KINDS, isAgencyKind } from '../reference-data/agencies.js';
import { requireAgency, requireNationality, requireProvince } from '../reference-data/rules.js';
import { assertNever, type DecideContext } from '../shared/decider.js';
import { RuleViolationError } from '../shared/errors.js';
import { requireId, requirePastInstant, requireText } from '../shared/validation.js';
import type {
  AgencyRegisterCommand,
  RegisterAgency,
  RenameAgency,
  RetireAgency,
} from './agency-register.commands.js';
import type {
  AgencyRegisterEvent,
  AgencyRegistered,
  AgencyRenamed,
  AgencyRetired,
} from './agency-register.events.js';
import { directoryOf, type AgencyRegisterState } from './agency-register.state.js';

export function decideAgencyRegister(
  command: AgencyRegisterCommand,
  state: AgencyRegisterState,
  ctx: DecideContext,
): AgencyRegisterEvent[] {
  switch (command.type) {
    case 'RegisterAgency':
      return [register(command, state, ctx)];
    case 'RenameAgency':
      return [rename(command, state, ctx)];
    case 'RetireAgency':
      return [retire(command, state, ctx)];
    default:
      return assertNever(command, 'agency register command');
  }
}

/**
 * Rules: 'invalid-id', 'invalid-agency-id', 'agency-already-exists', 'unknown-agency-kind', 'required-text', 'unknown-province',
 * 'mission-without-country', 'country-only-for-missions', 'unknown-nationality', the date rules.
 */
function register(command: RegisterAgency, state: AgencyRegisterState, ctx: DecideContext): AgencyRegistered {
  const d = command.data;
  const agencyId = requireId(d.agencyId, 'agencyId');
  if (!AGENCY_ID_PATTERN.test(agencyId)) {
    throw new RuleViolationError(
      'invalid-agency-id',
      'agencyId must be a lowercase slug such as mission-lka',
      {
        field: 'agencyId',
        value: agencyId,
      },
    );
  }
  if (directoryOf(state).find(agencyId)) {
    throw new RuleViolationError('agency-already-exists', `agency ${agencyId} already exists`, { agencyId });
  }
  if (!isAgencyKind(d.kind)) {
    throw new RuleViolationError('unknown-agency-kind', `kind must be one of ${AGENCY_KINDS.join(', ')}`, {
      field: 'kind',
      value: d.kind,
    });
  }
  const name = requireText(d.name, 'name');
  const provinceCode = d.provinceCode === undefined ? undefined : requireProvince(d.provinceCode).code;
  if (d.kind === 'foreign-mission' && d.countryCode === undefined) {
    throw new RuleViolationError(
      'mission-without-country',
      'a foreign mission names the country it represents',
      {
        field: 'countryCode',
      },
    );
  }
  if (d.kind !== 'foreign-mission' && d.countryCode !== undefined) {
    throw new RuleViolationError('country-only-for-missions', 'only a foreign mission represents a country', {
      field: 'countryCode',
    });
  }
  const countryCode =
    d.countryCode === undefined ? undefined : requireNationality(d.countryCode, 'countryCode');
  const occurredAt = requirePastInstant(d.occurredAt, ctx.now);
  return {
    type: 'AgencyRegistered',
    schemaVersion: 1,
    data: {
      agencyId,
      kind: d.kind,
      name,
      ...(provinceCode === undefined ? {} : { provinceCode }),
      ...(countryCode === undefined ? {} : { countryCode }),
      occurredAt,
    },
  };
}

/** Rules: 'unknown-agency', 'agency-retired', 'required-text', 'name-unchanged', the date rules. */
function rename(command: RenameAgency, state: AgencyRegisterState, ctx: DecideContext): AgencyRenamed {
  const d = command.data;
  const current = requireAgency(d.agencyId, 'agencyId', directoryOf(state)).name;
  const name = requireText(d.name, 'name');
  if (name === current) {
    throw new RuleViolationError('name-unchanged', `${d.agencyId} is already named ${JSON.stringify(name)}`, {
      agencyId: d.agencyId,
    });
  }
  return {
    type: 'AgencyRenamed',
    schemaVersion: 1,
    data: { agencyId: d.agencyId, name, occurredAt: requirePastInstant(d.occurredAt, ctx.now) },
  };
}

/** Rules: 'unknown-agency', 'agency-retired' (already), 'required-text', the date rules. */
function retire(command: RetireAgency, state: AgencyRegisterState, ctx: DecideContext): AgencyRetired {
  const d = command.data;
  requireAgency(d.agencyId, 'agencyId', directoryOf(state));
  const reason = requireText(d.reason, 'reason');
  return {
    type: 'AgencyRetired',
    schemaVersion: 1,
    data: { agencyId: d.agencyId, reason, occurredAt: requirePastInstant(d.occurredAt, ctx.now) },
  };
}
