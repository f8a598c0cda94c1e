import type { CalendarDate, IsoDateTime, PersonId, Sex } from '../shared/event.js';
import type { Offence } from '../reference-data/offences.js';
import type {
  LegalAuthority,
  OperationTarget,
  RaidLocation,
  ScreenedGroup,
} from './joint-operation.events.js';

export interface Raid {
  readonly raidId: string;
  readonly occurredAt: IsoDateTime;
  readonly location: RaidLocation;
  readonly premisesInspected: number;
  readonly screened: readonly ScreenedGroup[];
  readonly screenedTotal: number;
  /** Screened persons whose nationality is not KHM. */
  readonly foreignersScreened: number;
  readonly withoutValidPassport: number;
  readonly withoutWorkPermit: number;
  readonly recordedBy: string;
  /** Persons detained in this raid so far (released ones included: they were detained). */
  readonly detainedCount: number;
}

export interface Detainee {
  readonly personId: PersonId;
  readonly raidId: string;
  readonly nationality: string;
  readonly sex: Sex;
  readonly minor: boolean;
  readonly offence: Offence;
  readonly detainedAt: IsoDateTime;
  readonly released: boolean;
  readonly releaseReason?: string;
  readonly releasedAt?: IsoDateTime;
}

export interface Victim {
  readonly personId: PersonId;
  readonly raidId?: string;
  readonly nationality: string;
  readonly sex: Sex;
  readonly minor: boolean;
  readonly rescued: boolean;
  readonly identifiedAt: IsoDateTime;
}

export interface Fine {
  readonly fineId: string;
  readonly amountRiel: number;
  readonly reason: string;
  readonly raidId?: string;
  readonly occurredAt: IsoDateTime;
}

export interface NoJointOperation {
  readonly status: 'none';
}

export interface ExistingJointOperation {
  readonly status: 'open' | 'closed';
  readonly operationId: string;
  readonly leadAgencyId: string;
  readonly title: string;
  readonly target: OperationTarget;
  readonly legalAuthority: LegalAuthority;
  readonly plannedStart: CalendarDate;
  readonly plannedAt: IsoDateTime;
  /** The lead agency and every agency that joined. */
  readonly participants: ReadonlySet<string>;
  readonly raids: ReadonlyMap<string, Raid>;
  readonly detainees: ReadonlyMap<PersonId, Detainee>;
  readonly victims: ReadonlyMap<PersonId, Victim>;
  readonly fines: ReadonlyMap<string, Fine>;
  readonly finesTotalRiel: number;
  /** Distinct offences identified, in the order first identified. */
  readonly offences: readonly Offence[];
  readonly closedAt?: IsoDateTime;
  readonly summary?: string;
}

export type JointOperationState = NoJointOperation | ExistingJointOperation;

export const initialJointOperationState: JointOperationState = { status: 'none' };

export const jointOperationExists = (state: JointOperationState): state is ExistingJointOperation =>
  state.status !== 'none';
