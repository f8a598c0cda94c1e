import type { Command, IsoDateTime, PersonId, Sex } from '../shared/event.js';
import type {
  AgencyJoinedOperation,
  DetaineeReleased,
  FineImposed,
  JointOperationClosed,
  JointOperationPlanned,
  RaidConducted,
  VictimsIdentified,
} from './joint-operation.events.js';

/* Every command names its operation; the acting agency comes from the context, never the command. */

export type PlanJointOperation = Command<'PlanJointOperation', JointOperationPlanned['data']>;

/** The lead agency brings another agency into the operation. */
export type JoinJointOperation = Command<'JoinJointOperation', AgencyJoinedOperation['data']>;

/** The recording agency is the actor's. */
export type RecordRaid = Command<'RecordRaid', Omit<RaidConducted['data'], 'recordedBy'>>;

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

export type IdentifyVictims = Command<'IdentifyVictims', VictimsIdentified['data']>;

export type ImposeFine = Command<'ImposeFine', FineImposed['data']>;

export type IdentifyOffences = Command<
  'IdentifyOffences',
  { operationId: string; offences: readonly string[]; occurredAt: IsoDateTime }
>;

export type ReleaseDetainee = Command<'ReleaseDetainee', DetaineeReleased['data']>;

export type CloseJointOperation = Command<'CloseJointOperation', JointOperationClosed['data']>;

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
