import type { Figures, FiguresOverTime, NationalityBreakdown, Period } from '@ledger/read-models';
import type { Consistency } from '../../infrastructure/projections/read-your-writes.js';
import { LedgerQuery } from '../../shared/ledger-command.js';

export interface NationalStatistics extends FiguresOverTime {
  period: Period;
  consistency: Consistency;
  breakdown: NationalityBreakdown;
  /** The figures the national counter-trafficking report gives. */
  trafficking: {
    cases: number;
    victims: number;
    minorVictims: number;
    suspectsSentToCourt: number;
    foreignersSentToCourt: number;
  };
}

export class GetNationalStatisticsQuery extends LedgerQuery<
  { period: Period; minPosition?: string },
  NationalStatistics
> {}

export const traffickingOf = (totals: Figures): NationalStatistics['trafficking'] => ({
  cases: totals.trafficking_cases_opened,
  victims: totals.trafficking_victims,
  minorVictims: totals.trafficking_minor_victims,
  suspectsSentToCourt: totals.trafficking_suspects_sent_to_court,
  foreignersSentToCourt: totals.trafficking_foreigners_sent_to_court,
});
