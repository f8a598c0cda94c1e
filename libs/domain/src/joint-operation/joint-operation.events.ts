import type { CalendarDate, DomainEvent, IsoDateTime, PersonId, Sex } from '../shared/event.js';
import type { Offence } from '../reference-data/offences.js';

export interface OperationTarget {
  readonly provinceCode: string;
  readonly district?: string;
  readonly commune?: string;
  readonly village?: string;
  /** Names of the premises, e.g. 'Jing Chhay Technology buildings'. */
  readonly premises: readonly string[];
}

export interface LegalAuthority {
  readonly kind: 'prosecutor-order';
  readonly reference: string;
  /** An agency of kind prosecutor or court. */
  readonly issuedBy: string;
  readonly issuedOn: CalendarDate;
}

export interface RaidLocation {
  readonly provinceCode: string;
  readonly district?: string;
  readonly commune?: string;
  readonly village?: string;
  readonly premises: string;
}

/** Persons screened in a raid, counted by nationality and sex. */
export interface ScreenedGroup {
  readonly nationality: string;
  readonly sex: Sex;
  readonly count: number;
}

export interface DetainedSuspect {
  readonly personId: PersonId;
  readonly nationality: string;
  readonly sex: Sex;
  readonly minor: boolean;
  readonly offence: Offence;
}

export interface IdentifiedVictim {
  readonly personId: PersonId;
  readonly nationality: string;
  readonly sex: Sex;
  readonly minor: boolean;
}

export type JointOperationPlanned = DomainEvent<
  'JointOperationPlanned',
  {
    operationId: string;
    leadAgencyId: string;
    title: string;
    target: OperationTarget;
    legalAuthority: LegalAuthority;
    plannedStart: CalendarDate;
    occurredAt: IsoDateTime;
  }
>;

export type AgencyJoinedOperation = DomainEvent<
  'AgencyJoinedOperation',
  { operationId: string; agencyId: string; occurredAt: IsoDateTime }
>;

export type RaidConducted = DomainEvent<
  'RaidConducted',
  {
    operationId: string;
    raidId: string;
    occurredAt: IsoDateTime;
    location: RaidLocation;
    premisesInspected: number;
    screened: readonly ScreenedGroup[];
    withoutValidPassport: number;
    withoutWorkPermit: number;
    recordedBy: string;
  }
>;

export type SuspectsDetained = DomainEvent<
  'SuspectsDetained',
  { operationId: string; raidId: string; suspects: readonly DetainedSuspect[]; occurredAt: IsoDateTime }
>;

export type VictimsIdentified = DomainEvent<
  'VictimsIdentified',
  {
    operationId: string;
    raidId?: string;
    victims: readonly IdentifiedVictim[];
    rescued: boolean;
    occurredAt: IsoDateTime;
  }
>;

export type FineImposed = DomainEvent<
  'FineImposed',
  {
    operationId: string;
    fineId: string;
    amountRiel: number;
    reason: string;
    raidId?: string;
    occurredAt: IsoDateTime;
  }
>;

export type OffencesIdentified = DomainEvent<
  'OffencesIdentified',
  { operationId: string; offences: readonly Offence[]; occurredAt: IsoDateTime }
>;

export type DetaineeReleased = DomainEvent<
  'DetaineeReleased',
  { operationId: string; personId: PersonId; reason: string; occurredAt: IsoDateTime }
>;

export type JointOperationClosed = DomainEvent<
  'JointOperationClosed',
  { operationId: string; occurredAt: IsoDateTime; summary?: string }
>;

export type JointOperationEvent =
  | JointOperationPlanned
  | AgencyJoinedOperation
  | RaidConducted
  | SuspectsDetained
  | VictimsIdentified
  | FineImposed
  | OffencesIdentified
  | DetaineeReleased
  | JointOperationClosed;

export const JOINT_OPERATION_EVENT_TYPES = [
  'JointOperationPlanned',
  'AgencyJoinedOperation',
  'RaidConducted',
  'SuspectsDetained',
  'VictimsIdentified',
  'FineImposed',
  'OffencesIdentified',
  'DetaineeReleased',
  'JointOperationClosed',
] as const satisfies readonly JointOperationEvent['type'][];
