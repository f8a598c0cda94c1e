/** Builders for joint-operation specs (and the specs of aggregates that read an operation). */
import type { DecideContext } from '../shared/decider.js';
import { fold } from '../shared/decider.js';
import { jointOperationDecider } from './joint-operation.decider.js';
import type {
  AgencyJoinedOperation,
  DetainedSuspect,
  DetaineeReleased,
  FineImposed,
  IdentifiedVictim,
  JointOperationClosed,
  JointOperationEvent,
  JointOperationPlanned,
  OffencesIdentified,
  RaidConducted,
  ScreenedGroup,
  SuspectsDetained,
  VictimsIdentified,
} from './joint-operation.events.js';
import type { ExistingJointOperation } from './joint-operation.state.js';

export const NOW = new Date('2022-09-30T12:00:00.000Z');
export const OP = 'op-1';
export const LEAD = 'admin-kh-18';
export const POLICE = 'police-kh-18';
/** Plan: 18 Sept 10:00 in Phnom Penh. */
export const T_PLAN = '2022-09-18T03:00:00.000Z';
/** Raid: 19 Sept 09:00 in Phnom Penh. */
export const T_RAID = '2022-09-19T02:00:00.000Z';
export const T_LATER = '2022-09-20T02:00:00.000Z';
export const T_END = '2022-09-22T11:00:00.000Z';

export const ctx = (agencyId: string = LEAD, now: Date = NOW): DecideContext => ({
  now,
  actor: { userId: `user-of-${agencyId}`, agencyId, role: 'officer' },
});

export const planned = (overrides: Partial<JointOperationPlanned['data']> = {}): JointOperationPlanned => ({
  type: 'JointOperationPlanned',
  schemaVersion: 1,
  data: {
    operationId: OP,
    leadAgencyId: LEAD,
    title: 'Inspection of foreign employees',
    target: { provinceCode: 'KH-18', premises: ['Block A'] },
    legalAuthority: {
      kind: 'prosecutor-order',
      reference: 'PO-1',
      issuedBy: 'prosecutor-kh-18',
      issuedOn: '2022-09-18',
    },
    plannedStart: '2022-09-19',
    occurredAt: T_PLAN,
    ...overrides,
  },
});

export const joined = (agencyId: string, occurredAt = T_PLAN): AgencyJoinedOperation => ({
  type: 'AgencyJoinedOperation',
  schemaVersion: 1,
  data: { operationId: OP, agencyId, occurredAt },
});

export const raidConducted = (
  raidId: string,
  screened: readonly ScreenedGroup[],
  overrides: Partial<RaidConducted['data']> = {},
): RaidConducted => ({
  type: 'RaidConducted',
  schemaVersion: 1,
  data: {
    operationId: OP,
    raidId,
    occurredAt: T_RAID,
    location: { provinceCode: 'KH-18', premises: 'Block A' },
    premisesInspected: 1,
    screened,
    withoutValidPassport: 0,
    withoutWorkPermit: 0,
    recordedBy: POLICE,
    ...overrides,
  },
});

export const suspect = (
  personId: string,
  nationality = 'CHN',
  offence: DetainedSuspect['offence'] = 'illegal-online-gambling',
  sex: DetainedSuspect['sex'] = 'male',
  minor = false,
): DetainedSuspect => ({ personId, nationality, sex, minor, offence });

export const victim = (
  personId: string,
  nationality = 'VNM',
  minor = false,
  sex: IdentifiedVictim['sex'] = 'female',
): IdentifiedVictim => ({
  personId,
  nationality,
  sex,
  minor,
});

export const detained = (
  raidId: string,
  suspects: readonly DetainedSuspect[],
  occurredAt = T_LATER,
): SuspectsDetained => ({
  type: 'SuspectsDetained',
  schemaVersion: 1,
  data: { operationId: OP, raidId, suspects, occurredAt },
});

export const victimsIdentified = (
  victims: readonly IdentifiedVictim[],
  /** null: not tied to a raid. */
  raidId: string | null = 'r1',
  rescued = true,
  occurredAt = T_LATER,
): VictimsIdentified => ({
  type: 'VictimsIdentified',
  schemaVersion: 1,
  data: { operationId: OP, ...(raidId !== null && { raidId }), victims, rescued, occurredAt },
});

export const fineImposed = (fineId: string, amountRiel: number, raidId?: string): FineImposed => ({
  type: 'FineImposed',
  schemaVersion: 1,
  data: {
    operationId: OP,
    fineId,
    amountRiel,
    reason: 'unpaid work permit fees',
    ...(raidId !== undefined && { raidId }),
    occurredAt: T_LATER,
  },
});

export const offencesIdentified = (offences: OffencesIdentified['data']['offences']): OffencesIdentified => ({
  type: 'OffencesIdentified',
  schemaVersion: 1,
  data: { operationId: OP, offences, occurredAt: T_LATER },
});

export const released = (
  personId: string,
  reason = 'lack of evidence',
  occurredAt = T_LATER,
): DetaineeReleased => ({
  type: 'DetaineeReleased',
  schemaVersion: 1,
  data: { operationId: OP, personId, reason, occurredAt },
});

export const closed = (summary?: string): JointOperationClosed => ({
  type: 'JointOperationClosed',
  schemaVersion: 1,
  data: { operationId: OP, occurredAt: T_END, ...(summary !== undefined && { summary }) },
});

/** 10 screened in raid r1: 6 Chinese men, 3 Vietnamese women, 1 Cambodian man. */
export const SCREENED_R1: readonly ScreenedGroup[] = [
  { nationality: 'CHN', sex: 'male', count: 6 },
  { nationality: 'VNM', sex: 'female', count: 3 },
  { nationality: 'KHM', sex: 'male', count: 1 },
];

/** Planned, police joined, raid r1 conducted. */
export const withRaid: readonly JointOperationEvent[] = [
  planned(),
  joined(POLICE),
  raidConducted('r1', SCREENED_R1),
];

/** An operation state built from events. */
export const operationFrom = (events: readonly JointOperationEvent[]): ExistingJointOperation => {
  const state = fold(jointOperationDecider, events);
  if (state.status === 'none') throw new Error('operation not planned in these events');
  return state;
};
