import type { DomainEvent, IsoDateTime } from '../shared/event.js';

export const ACCESS_OUTCOMES = ['granted', 'denied', 'sign-in-failed'] as const;
export type AccessOutcome = (typeof ACCESS_OUTCOMES)[number];

/**
 * One entry of the access log: an access to a restricted record, a denial, or a failed sign-in.
 * Kept in the ledger itself (streams `access-<YYYY-MM-DD>`, by UTC day), so the hash chain and
 * the Merkle log make it tamper-evident like every other record.
 */
export type AccessLogged = DomainEvent<
  'AccessLogged',
  {
    occurredAt: IsoDateTime;
    outcome: AccessOutcome;
    /** Absent when the caller never proved who they are (a failed sign-in). */
    actor?: { userId: string; agencyId: string; role: string };
    /** The caller's network address as the API saw it. */
    address: string;
    method: string;
    /** The path asked for, without its query string. */
    resource: string;
    /** What was asked for, when it is known: a permission, or a need-to-know check. */
    permission?: string;
    /** Why it was allowed or refused, safe to show to the caller. */
    reason: string;
  }
>;

export type AccessLogEvent = AccessLogged;

export const ACCESS_LOG_EVENT_TYPES = ['AccessLogged'] as const satisfies readonly AccessLogEvent['type'][];
