import { CASE_EVENT_TYPES, type CaseEvent } from './case/case.events.js';
import { DEPORTATION_EVENT_TYPES, type DeportationEvent } from './deportation/deportation.events.js';
import {
  JOINT_OPERATION_EVENT_TYPES,
  type JointOperationEvent,
} from './joint-operation/joint-operation.events.js';
import {
  RESCUE_REQUEST_EVENT_TYPES,
  type RescueRequestEvent,
} from './rescue-request/rescue-request.events.js';
import { ACCESS_LOG_EVENT_TYPES, type AccessLogEvent } from './access-log/access-log.events.js';
import {
  AGENCY_REGISTER_EVENT_TYPES,
  type AgencyRegisterEvent,
} from './agency-register/agency-register.events.js';
import { PERSON_EVENT_TYPES, type PersonEvent } from './person/person.events.js';
import { STREAM_CATEGORIES, type StreamCategory } from './shared/streams.js';
import { createUpcaster, type Lift, type StoredEventShape } from './shared/upcaster.js';

/** Every event the ledger records. */
export type LedgerEvent =
  | JointOperationEvent
  | CaseEvent
  | DeportationEvent
  | RescueRequestEvent
  | PersonEvent
  | AgencyRegisterEvent
  | AccessLogEvent;
export type LedgerEventType = LedgerEvent['type'];

/** The stream category each event type is written to. */
export const EVENT_STREAM_CATEGORY: Readonly<Record<LedgerEventType, StreamCategory>> = Object.freeze({
  ...Object.fromEntries(JOINT_OPERATION_EVENT_TYPES.map((t) => [t, STREAM_CATEGORIES.jointOperation])),
  ...Object.fromEntries(CASE_EVENT_TYPES.map((t) => [t, STREAM_CATEGORIES.case])),
  ...Object.fromEntries(DEPORTATION_EVENT_TYPES.map((t) => [t, STREAM_CATEGORIES.deportation])),
  ...Object.fromEntries(RESCUE_REQUEST_EVENT_TYPES.map((t) => [t, STREAM_CATEGORIES.rescueRequest])),
  ...Object.fromEntries(PERSON_EVENT_TYPES.map((t) => [t, STREAM_CATEGORIES.person])),
  ...Object.fromEntries(AGENCY_REGISTER_EVENT_TYPES.map((t) => [t, STREAM_CATEGORIES.agencyRegister])),
  ...Object.fromEntries(ACCESS_LOG_EVENT_TYPES.map((t) => [t, STREAM_CATEGORIES.accessLog])),
} as Record<LedgerEventType, StreamCategory>);

export const LEDGER_EVENT_TYPES: readonly LedgerEventType[] = Object.keys(
  EVENT_STREAM_CATEGORY,
) as LedgerEventType[];

export const isLedgerEventType = (type: string): type is LedgerEventType =>
  Object.hasOwn(EVENT_STREAM_CATEGORY, type);

/**
 * Registered lifts, oldest first. Every event is at v1 today, so the list is empty.
 *
 * To change an event's schema (say RaidConducted gains `district` as a required field):
 *  1. change its type in `<aggregate>.events.ts` to the new shape with `schemaVersion: 2`
 *     and make decide emit version 2;
 *  2. add here `{ type: 'RaidConducted', fromVersion: 1, lift: (data) => ({ ...data, district: 'unknown' }) }`;
 *  3. add a spec that lifts a stored v1 event.
 * Stored events are never rewritten: readers call `upcast` and only ever see the latest version.
 */
export const LIFTS: readonly Lift[] = [];

const upcaster = createUpcaster(LEDGER_EVENT_TYPES, LIFTS);

/** Latest schema version per event type. */
export const LATEST_SCHEMA_VERSIONS: ReadonlyMap<string, number> = upcaster.latestVersions;

/**
 * Lifts an event read from the store to the latest schema version of its type.
 * Throws `UnreadableEventError` for an unknown type or a version newer than this release knows.
 */
export function upcast(event: StoredEventShape): LedgerEvent {
  // The lifts produce the latest shape of the type; that is the one contract the cast relies on.
  return upcaster.upcast(event) as unknown as LedgerEvent;
}
