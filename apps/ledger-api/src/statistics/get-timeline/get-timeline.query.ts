import type { TimelineEntry } from '@ledger/read-models';
import type { Consistency } from '../../infrastructure/projections/read-your-writes.js';
import type { AggregateCollection } from '../../shared/aggregates.js';
import { LedgerQuery } from '../../shared/ledger-command.js';

export interface Timeline {
  streamId: string;
  consistency: Consistency;
  entries: TimelineEntry[];
}

export class GetTimelineQuery extends LedgerQuery<
  { collection: AggregateCollection; id: string; minPosition?: string },
  Timeline
> {}
