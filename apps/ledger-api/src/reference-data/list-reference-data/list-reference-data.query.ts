import { LedgerQuery } from '../../shared/ledger-command.js';

export const REFERENCE_LISTS = ['agencies', 'provinces', 'nationalities', 'checkpoints', 'offences'] as const;
export type ReferenceList = (typeof REFERENCE_LISTS)[number];

export interface ReferenceFilter {
  kind?: string;
  provinceCode?: string;
}

export class ListReferenceDataQuery extends LedgerQuery<
  { list: ReferenceList; filter: ReferenceFilter },
  object[]
> {}
