import type { PublicEvent } from '@ledger/event-store';
import type { AggregateCollection } from '../../shared/aggregates.js';
import { LedgerQuery } from '../../shared/ledger-command.js';

export class GetAggregateHistoryQuery extends LedgerQuery<
  { collection: AggregateCollection; id: string },
  { streamId: string; events: PublicEvent[] }
> {}
