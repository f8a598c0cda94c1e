import { Inject } from '@nestjs/common';
import { type IQueryHandler, QueryHandler } from '@nestjs/cqrs';
import { Permission, requireAccess } from '@ledger/auth';
import { type AccessLogged, STREAM_CATEGORIES, streamIdFor } from '@ledger/domain';
import { EVENT_STORE, type EventStore, formatPosition, type RecordedEvent } from '@ledger/event-store';
import { LedgerAccessLog } from '../../infrastructure/access-log/ledger-access-log.js';
import {
  type AccessLogEntryView,
  type AccessLogPage,
  type AccessLogParams,
  GetAccessLogQuery,
} from './get-access-log.query.js';
import { daysOf } from './get-access-log.request.dto.js';

/** Events read from a day's stream at a time. */
const PAGE = 1000;
/** Longest wait for the entries recorded before the query to be appended (the store may be failing). */
const FLUSH_WAIT_MS = 2_000;

@QueryHandler(GetAccessLogQuery)
export class GetAccessLogHandler implements IQueryHandler<GetAccessLogQuery> {
  constructor(
    @Inject(EVENT_STORE) private readonly store: EventStore,
    private readonly accessLog: LedgerAccessLog,
  ) {}

  async execute({ actor, params }: GetAccessLogQuery): Promise<AccessLogPage> {
    requireAccess({ actor, permission: Permission.AccessLogRead });
    // What happened just before the question (a denial the caller just caused) is part of the answer.
    await this.accessLog.flushWithin(FLUSH_WAIT_MS);
    const page = await this.read(params);
    // Reading who accessed what is itself an access worth keeping.
    this.accessLog.record({
      outcome: 'granted',
      actor,
      permission: Permission.AccessLogRead,
      reason: `read the access log from ${params.from} to ${params.to}`,
    });
    return page;
  }

  /** Every day of the period, oldest first, keeping the newest `limit` matches. */
  private async read(params: AccessLogParams): Promise<AccessLogPage> {
    let entries: AccessLogEntryView[] = [];
    let matched = 0;
    for (const day of daysOf(params)) {
      const streamId = streamIdFor(STREAM_CATEGORIES.accessLog, day);
      for (let fromRevision = 0; ; fromRevision += PAGE) {
        const events = await this.store.readStream(streamId, { fromRevision, maxCount: PAGE });
        for (const event of events) {
          const entry = viewOf(event);
          if (!entry || !matches(entry, params)) continue;
          matched += 1;
          entries.push(entry);
        }
        if (entries.length > params.limit) entries = entries.slice(-params.limit);
        if (events.length < PAGE) break;
      }
    }
    return { from: params.from, to: params.to, entries, truncated: matched > entries.length };
  }
}

function viewOf(event: RecordedEvent): AccessLogEntryView | undefined {
  if (event.type !== 'AccessLogged') return undefined;
  const data = event.data as AccessLogged['data'];
  return {
    eventId: event.eventId,
    position: formatPosition(event.position),
    time: data.occurredAt,
    outcome: data.outcome,
    ...(data.actor ? { actor: data.actor } : {}),
    address: data.address,
    method: data.method,
    resource: data.resource,
    ...(data.permission !== undefined ? { permission: data.permission } : {}),
    reason: data.reason,
  };
}

const matches = (entry: AccessLogEntryView, { outcome, agencyId }: AccessLogParams): boolean =>
  (outcome === undefined || entry.outcome === outcome) &&
  (agencyId === undefined || entry.actor?.agencyId === agencyId);
