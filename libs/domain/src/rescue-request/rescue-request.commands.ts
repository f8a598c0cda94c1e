import type { Command, IsoDateTime, PersonId, Sex } from '../shared/event.js';
import type { RequestedPersons } from './rescue-request.events.js';

/** The receiving agency is the actor's; the mission is the one that asked. */
export type ReceiveRescueRequest = Command<
  'ReceiveRescueRequest',
  {
    requestId: string;
    fromMissionId: string;
    persons: readonly RequestedPersons[];
    provinceCode?: string;
    occurredAt: IsoDateTime;
  }
>;

export type InvestigateRescueRequest = Command<
  'InvestigateRescueRequest',
  { requestId: string; findings: string; occurredAt: IsoDateTime }
>;

export type RecordVictimsFound = Command<
  'RecordVictimsFound',
  {
    requestId: string;
    victims: readonly { personId: PersonId; nationality: string; sex: Sex; minor: boolean }[];
    perpetratorsArrested?: number;
    occurredAt: IsoDateTime;
  }
>;

export type HandOverToImmigration = Command<
  'HandOverToImmigration',
  { requestId: string; toAgencyId: string; personIds: readonly PersonId[]; occurredAt: IsoDateTime }
>;

export type CloseRescueRequest = Command<
  'CloseRescueRequest',
  { requestId: string; outcome: string; occurredAt: IsoDateTime }
>;

export type RescueRequestCommand =
  | ReceiveRescueRequest
  | InvestigateRescueRequest
  | RecordVictimsFound
  | HandOverToImmigration
  | CloseRescueRequest;
