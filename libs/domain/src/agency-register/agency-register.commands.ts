import type { Command, IsoDateTime } from '../shared/event.js';

export type RegisterAgency = Command<
  'RegisterAgency',
  {
    agencyId: string;
    kind: string;
    name: string;
    provinceCode?: string;
    countryCode?: string;
    occurredAt: IsoDateTime;
  }
>;

export type RenameAgency = Command<
  'RenameAgency',
  { agencyId: string; name: string; occurredAt: IsoDateTime }
>;

export type RetireAgency = Command<
  'RetireAgency',
  { agencyId: string; reason: string; occurredAt: IsoDateTime }
>;

export type AgencyRegisterCommand = RegisterAgency | RenameAgency | RetireAgency;
