import type { IsoDateTime, PersonId } from '../shared/event.js';
import type { FoundVictim, RequestedPersons } from './rescue-request.events.js';

export interface RescuedVictim extends FoundVictim {
  readonly foundAt: IsoDateTime;
  /** The immigration agency the victim was handed over to, once handed over. */
  readonly handedOverTo?: string;
}

export interface NoRescueRequest {
  readonly status: 'none';
}

export interface ExistingRescueRequest {
  /** received → investigated → closed (received → closed allowed: e.g. the persons came home alone). */
  readonly status: 'received' | 'investigated' | 'closed';
  readonly requestId: string;
  readonly fromMissionId: string;
  readonly receivedBy: string;
  readonly receivedAt: IsoDateTime;
  readonly persons: readonly RequestedPersons[];
  /** Sum of `persons` counts. */
  readonly personsRequested: number;
  readonly provinceCode?: string;
  readonly investigations: readonly {
    readonly investigatedBy: string;
    readonly findings: string;
    readonly at: IsoDateTime;
  }[];
  readonly victims: ReadonlyMap<PersonId, RescuedVictim>;
  readonly perpetratorsArrested: number;
  readonly closure?: { readonly outcome: string; readonly closedAt: IsoDateTime };
}

export type RescueRequestState = NoRescueRequest | ExistingRescueRequest;

export const initialRescueRequestState: RescueRequestState = { status: 'none' };
