import type { Command, CalendarDate, IsoDateTime, PersonId, Sex } from '../shared/event.js';
import type {
  LegalAuthority,
  OperationTarget,
  RaidLocation,
  ScreenedGroup,
} from './joint-operation.events.js';

/* Every command names its operation; the acting agency comes from the context, never the command. */

export type PlanJointOperation = Command<
  'PlanJointOperation',
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

/** The lead agency brings another agency into the operation. */
export type JoinJointOperation = Command<
  'JoinJointOperation',
  { operationId: string; agencyId: string; occurredAt: IsoDateTime }
>;

export type RecordRaid = Command<
  'RecordRaid',
  {
    operationId: string;
    raidId: string;
    occurredAt: IsoDateTime;
    location: RaidLocation;
    premisesInspected: number;
    screened: readonly ScreenedGroup[];
    withoutValidPassport: number;
    withoutWorkPermit: number;
  }
>;

export type DetainSuspects = Command<
  'DetainSuspects',
  {
    operationId: string;
    raidId: string;
    suspects: readonly {
      personId: PersonId;
      nationality: string;
      sex: Sex;
      minor: boolean;
      offence: string;
    }[];
    occurredAt: IsoDateTime;
  }
>;

export type IdentifyVictims = Command<
  'IdentifyVictims',
  {
    operationId: string;
    raidId?: string;
    victims: readonly { personId: PersonId; nationality: string; sex: Sex; minor: boolean }[];
    rescued: boolean;
    occurredAt: IsoDateTime;
  }
>;

export type ImposeFine = Command<
  'ImposeFine',
  {
    operationId: string;
    fineId: string;
    amountRiel: number;
    reason: string;
    raidId?: string;
    occurredAt: IsoDateTime;
  }
>;

export type IdentifyOffences = Command<
  'IdentifyOffences',
  { operationId: string; offences: readonly string[]; occurredAt: IsoDateTime }
>;

export type ReleaseDetainee = Command<
  'ReleaseDetainee',
  { operationId: string; personId: PersonId; reason: string; occurredAt: IsoDateTime }
>;

export type CloseJointOperation = Command<
  'CloseJointOperation',
  { operationId: string; occurredAt: IsoDateTime; summary?: string }
>;

export type JointOperationCommand =
  | PlanJointOperation
  | JoinJointOperation
  | RecordRaid
  | DetainSuspects
  | IdentifyVictims
  | ImposeFine
  | IdentifyOffences
  | ReleaseDetainee
  | CloseJointOperation;
