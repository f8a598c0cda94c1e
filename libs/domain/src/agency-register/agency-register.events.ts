import type { AgencyKind } from '../reference-data/agencies.js';
import type { DomainEvent, IsoDateTime } from '../shared/event.js';

/** An agency the shipped catalogue does not have: a new mission, a new unit after a reorganisation. */
export type AgencyRegistered = DomainEvent<
  'AgencyRegistered',
  {
    agencyId: string;
    kind: AgencyKind;
    name: string;
    provinceCode?: string;
    /** For a foreign mission: the country it represents (ISO 3166-1 alpha-3). */
    countryCode?: string;
    occurredAt: IsoDateTime;
  }
>;

export type AgencyRenamed = DomainEvent<
  'AgencyRenamed',
  { agencyId: string; name: string; occurredAt: IsoDateTime }
>;

/** Retired agencies stay in old records, and are named in nothing new. */
export type AgencyRetired = DomainEvent<
  'AgencyRetired',
  { agencyId: string; reason: string; occurredAt: IsoDateTime }
>;

export type AgencyRegisterEvent = AgencyRegistered | AgencyRenamed | AgencyRetired;

export const AGENCY_REGISTER_EVENT_TYPES = [
  'AgencyRegistered',
  'AgencyRenamed',
  'AgencyRetired',
] as const satisfies readonly AgencyRegisterEvent['type'][];

/** The one stream of the register: `reference-agencies`. */
export const AGENCY_REGISTER_ID = 'agencies';
