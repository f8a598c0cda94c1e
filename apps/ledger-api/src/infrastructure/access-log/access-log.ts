import type { Actor } from '@ledger/auth';
import type { AccessOutcome } from '@ledger/domain';

/** What the caller of `AccessLog.record` knows; the request (method, path, address) comes from the request context. */
export interface AccessLogEntry {
  readonly outcome: AccessOutcome;
  /** Absent for a failed sign-in. */
  readonly actor?: Actor;
  /** What was asked for: a permission, or a need-to-know check such as `need-to-know:case/<id>`. */
  readonly permission?: string;
  /** Why it was allowed or refused. */
  readonly reason: string;
}

/**
 * The access log: every access to a restricted record, every denial and every failed sign-in,
 * kept as `AccessLogged` events in the ledger. `record` never blocks or fails the request.
 */
export abstract class AccessLog {
  abstract record(entry: AccessLogEntry): void;
}
