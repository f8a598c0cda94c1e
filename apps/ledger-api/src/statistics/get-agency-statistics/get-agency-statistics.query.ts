import type { AgencyCapacity, FiguresOverTime, Period } from '@ledger/read-models';
import type { Consistency } from '../../infrastructure/projections/read-your-writes.js';
import { LedgerQuery } from '../../shared/ledger-command.js';

export interface AgencyStatistics {
  agency: { id: string; kind: string; name: string };
  period: Period;
  consistency: Consistency;
  /** led: operations it led; joined: operations it took part in; own: its cases, deportations, requests. */
  figures: Record<AgencyCapacity, FiguresOverTime>;
}

export class GetAgencyStatisticsQuery extends LedgerQuery<
  { agencyId: string; period: Period; minPosition?: string },
  AgencyStatistics
> {}
