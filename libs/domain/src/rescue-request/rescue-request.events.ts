import type { DomainEvent, IsoDateTime, PersonId, Sex } from '../shared/event.js';

/** How many persons of a nationality the mission asks to be rescued. */
export interface RequestedPersons {
  readonly nationality: string;
  readonly count: number;
}

export interface FoundVictim {
  readonly personId: PersonId;
  readonly nationality: string;
  readonly sex: Sex;
  readonly minor: boolean;
}

export type RescueRequestReceived = DomainEvent<
  'RescueRequestReceived',
  {
    requestId: string;
    fromMissionId: string;
    receivedBy: string;
    persons: readonly RequestedPersons[];
    provinceCode?: string;
    occurredAt: IsoDateTime;
  }
>;

export type RescueRequestInvestigated = DomainEvent<
  'RescueRequestInvestigated',
  { requestId: string; investigatedBy: string; findings: string; occurredAt: IsoDateTime }
>;

export type RescueVictimsFound = DomainEvent<
  'RescueVictimsFound',
  {
    requestId: string;
    victims: readonly FoundVictim[];
    perpetratorsArrested?: number;
    occurredAt: IsoDateTime;
  }
>;

export type RescueVictimsHandedOver = DomainEvent<
  'RescueVictimsHandedOver',
  { requestId: string; toAgencyId: string; personIds: readonly PersonId[]; occurredAt: IsoDateTime }
>;

export type RescueRequestClosed = DomainEvent<
  'RescueRequestClosed',
  { requestId: string; outcome: string; occurredAt: IsoDateTime }
>;

export type RescueRequestEvent =
  | RescueRequestReceived
  | RescueRequestInvestigated
  | RescueVictimsFound
  | RescueVictimsHandedOver
  | RescueRequestClosed;

export const RESCUE_REQUEST_EVENT_TYPES = [
  'RescueRequestReceived',
  'RescueRequestInvestigated',
  'RescueVictimsFound',
  'RescueVictimsHandedOver',
  'RescueRequestClosed',
] as const satisfies readonly RescueRequestEvent['type'][];
