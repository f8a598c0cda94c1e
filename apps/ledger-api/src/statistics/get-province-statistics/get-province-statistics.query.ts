import type { FiguresOverTime, NationalityBreakdown, Period } from '@ledger/read-models';
import type { Consistency } from '../../infrastructure/projections/read-your-writes.js';
import { LedgerQuery } from '../../shared/ledger-command.js';

export interface ProvinceStatistics extends FiguresOverTime {
  province: { code: string; name: string };
  period: Period;
  consistency: Consistency;
  breakdown: NationalityBreakdown;
}

export class GetProvinceStatisticsQuery extends LedgerQuery<
  { provinceCode: string; period: Period; minPosition?: string },
  ProvinceStatistics
> {}
