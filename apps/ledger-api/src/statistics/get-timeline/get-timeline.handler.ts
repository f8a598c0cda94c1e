import { Inject } from '@nestjs/common';
import { type IQueryHandler, QueryHandler } from '@nestjs/cqrs';
import { Permission, requireAccess } from '@ledger/auth';
import { AggregateNotFoundError, STREAM_CATEGORIES, streamIdFor } from '@ledger/domain';
import { EVENT_STORE, type EventStore } from '@ledger/event-store';
import { StatisticsQueries } from '@ledger/read-models';
import { ReadYourWrites } from '../../infrastructure/projections/read-your-writes.js';
import { AGGREGATE_COLLECTIONS } from '../../shared/aggregates.js';
import { NeedToKnow } from '../../shared/need-to-know.js';
import { GetTimelineQuery, type Timeline } from './get-timeline.query.js';

@QueryHandler(GetTimelineQuery)
export class GetTimelineHandler implements IQueryHandler<GetTimelineQuery> {
  constructor(
    private readonly statistics: StatisticsQueries,
    private readonly freshness: ReadYourWrites,
    @Inject(EVENT_STORE) private readonly store: EventStore,
    private readonly needToKnow: NeedToKnow,
  ) {}

  async execute({ actor, params }: GetTimelineQuery): Promise<Timeline> {
    requireAccess({ actor, permission: Permission.RecordsRead });
    const { category, label } = AGGREGATE_COLLECTIONS[params.collection];
    const streamId = streamIdFor(category, params.id);
    // Unknown means never recorded, not merely not projected yet. Timelines hold counts, not persons: only a
    // sealed case keeps its own from a reader, and the case's state (read anyway) says whether it exists.
    if (category === STREAM_CATEGORIES.case) {
      const subject = await this.needToKnow.subjectOf(category, params.id);
      if (subject?.category !== STREAM_CATEGORIES.case || subject.state.status === 'none') {
        throw new AggregateNotFoundError(label, params.id);
      }
      await this.needToKnow.requireReadable(actor, subject, Permission.RecordsRead);
    } else if ((await this.store.readStream(streamId, { maxCount: 1 })).length === 0) {
      throw new AggregateNotFoundError(label, params.id);
    }
    const consistency = await this.freshness.await(params.minPosition);
    // An operation's timeline also holds what its cases and deportations recorded.
    const entries =
      category === STREAM_CATEGORIES.jointOperation
        ? await this.statistics.operationTimeline(params.id)
        : await this.statistics.aggregateTimeline(category, params.id);
    return { streamId, consistency, entries };
  }
}
