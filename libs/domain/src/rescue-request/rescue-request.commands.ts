import type { Command } from '../shared/event.js';
import type {
  RescueRequestClosed,
  RescueRequestInvestigated,
  RescueRequestReceived,
  RescueVictimsFound,
  RescueVictimsHandedOver,
} from './rescue-request.events.js';

/** The receiving agency is the actor's; the mission is the one that asked. */
export type ReceiveRescueRequest = Command<
  'ReceiveRescueRequest',
  Omit<RescueRequestReceived['data'], 'receivedBy'>
>;

export type InvestigateRescueRequest = Command<
  'InvestigateRescueRequest',
  Omit<RescueRequestInvestigated['data'], 'investigatedBy'>
>;

export type RecordVictimsFound = Command<'RecordVictimsFound', RescueVictimsFound['data']>;

export type HandOverToImmigration = Command<'HandOverToImmigration', RescueVictimsHandedOver['data']>;

export type CloseRescueRequest = Command<'CloseRescueRequest', RescueRequestClosed['data']>;

export type RescueRequestCommand =
  | ReceiveRescueRequest
  | InvestigateRescueRequest
  | RecordVictimsFound
  | HandOverToImmigration
  | CloseRescueRequest;
