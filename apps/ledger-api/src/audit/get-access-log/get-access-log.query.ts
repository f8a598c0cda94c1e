import type { AccessLogged, AccessOutcome } from '@ledger/domain';
import { LedgerQuery } from '../../shared/ledger-command.js';

export interface AccessLogParams {
  /** First UTC day, `YYYY-MM-DD` (the access log keeps one stream per UTC day). */
  from: string;
  /** Last UTC day, included. */
  to: string;
  outcome?: AccessOutcome;
  /** Only entries of callers from this agency (a failed sign-in has no agency). */
  agencyId?: string;
  limit: number;
}

/** One entry of the access log, as the auditor reads it: the event's facts, `occurredAt` named `time`. */
export type AccessLogEntryView = Omit<AccessLogged['data'], 'occurredAt'> & {
  eventId: string;
  /** Global position (a decimal string: it may exceed 2^53). */
  position: string;
  /** When the access, the denial or the failed sign-in happened. */
  time: string;
};

export interface AccessLogPage {
  from: string;
  to: string;
  /** Oldest first, newest last: the newest `limit` entries of the period that match. */
  entries: AccessLogEntryView[];
  /** More entries matched than `limit`: the oldest ones were left out (narrow the period or the filters). */
  truncated: boolean;
}

export class GetAccessLogQuery extends LedgerQuery<AccessLogParams, AccessLogPage> {}
