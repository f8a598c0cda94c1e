import type { AggregateCollection } from '../../shared/aggregates.js';
import { LedgerQuery } from '../../shared/ledger-command.js';

export interface AggregateStateView {
  id: string;
  streamId: string;
  /** Revision of the last event; send it back as `If-Match` to guard the next command. */
  revision: number;
  state: unknown;
}

export class GetAggregateStateQuery extends LedgerQuery<
  { collection: AggregateCollection; id: string },
  AggregateStateView
> {}
