import { type IQueryHandler, QueryHandler } from '@nestjs/cqrs';
import { Permission, requireAccess } from '@ledger/auth';
import { AggregateNotFoundError, streamIdFor } from '@ledger/domain';
import { AggregateRepository } from '../../shared/aggregate-repository.js';
import { AGGREGATE_COLLECTIONS } from '../../shared/aggregates.js';
import type { DeciderLike, DomainEventLike } from '../../shared/event-sourced-aggregate.js';
import { NeedToKnow, subjectFrom } from '../../shared/need-to-know.js';
import { toJsonView } from '../../shared/state-view.js';
import { type AggregateStateView, GetAggregateStateQuery } from './get-aggregate-state.query.js';

type AnyDecider = DeciderLike<unknown, unknown, DomainEventLike, unknown>;

@QueryHandler(GetAggregateStateQuery)
export class GetAggregateStateHandler implements IQueryHandler<GetAggregateStateQuery> {
  constructor(
    private readonly aggregates: AggregateRepository,
    private readonly needToKnow: NeedToKnow,
  ) {}

  async execute({ actor, params }: GetAggregateStateQuery): Promise<AggregateStateView> {
    requireAccess({ actor, permission: Permission.RecordsRead });
    const { category, decider, label } = AGGREGATE_COLLECTIONS[params.collection];
    const streamId = streamIdFor(category, params.id);
    const aggregate = await this.aggregates.load(decider as AnyDecider, streamId);
    if (aggregate.loadedRevision === undefined) throw new AggregateNotFoundError(label, params.id);
    const subject = subjectFrom(category, streamId, aggregate.state);
    await this.needToKnow.requireReadable(actor, subject, Permission.RecordsRead);
    const view = toJsonView(aggregate.state);
    return {
      id: params.id,
      streamId,
      revision: aggregate.loadedRevision,
      state: subject ? await this.needToKnow.state(actor, subject, view) : view,
    };
  }
}
