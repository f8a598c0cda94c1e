import type { AggregateCollection } from '../../shared/aggregates.js';
import { LedgerQuery } from '../../shared/ledger-command.js';

/** An event as the API and downstream systems see it. */
export interface PublicEvent {
  eventId: string;
  streamId: string;
  revision: number;
  position: string;
  type: string;
  schemaVersion: number;
  data: unknown;
  metadata: unknown;
}

export class GetAggregateHistoryQuery extends LedgerQuery<
  { collection: AggregateCollection; id: string },
  { streamId: string; events: PublicEvent[] }
> {}
