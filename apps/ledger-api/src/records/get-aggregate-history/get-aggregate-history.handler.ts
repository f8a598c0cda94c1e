import { Inject } from '@nestjs/common';
import { type IQueryHandler, QueryHandler } from '@nestjs/cqrs';
import { Permission, requireAccess } from '@ledger/auth';
import { AggregateNotFoundError, streamIdFor } from '@ledger/domain';
import { EVENT_STORE, type EventStore, type PublicEvent } from '@ledger/event-store';
import { AGGREGATE_COLLECTIONS } from '../../shared/aggregates.js';
import { NeedToKnow } from '../../shared/need-to-know.js';
import { GetAggregateHistoryQuery } from './get-aggregate-history.query.js';

@QueryHandler(GetAggregateHistoryQuery)
export class GetAggregateHistoryHandler implements IQueryHandler<GetAggregateHistoryQuery> {
  constructor(
    @Inject(EVENT_STORE) private readonly store: EventStore,
    private readonly needToKnow: NeedToKnow,
  ) {}

  async execute({
    actor,
    params,
  }: GetAggregateHistoryQuery): Promise<{ streamId: string; events: PublicEvent[] }> {
    requireAccess({ actor, permission: Permission.RecordsRead });
    const { category, label } = AGGREGATE_COLLECTIONS[params.collection];
    const streamId = streamIdFor(category, params.id);
    const events = await this.store.readStream(streamId);
    if (events.length === 0) throw new AggregateNotFoundError(label, params.id);
    const subject = this.needToKnow.subjectOfHistory(category, streamId, events);
    await this.needToKnow.requireReadable(actor, subject, Permission.RecordsRead);
    return { streamId, events: await this.needToKnow.history(actor, subject, events) };
  }
}
