import { type IQueryHandler, QueryHandler } from '@nestjs/cqrs';
import { Permission, requireAccess } from '@ledger/auth';
import {
  AGENCIES,
  CHECKPOINTS,
  NATIONALITIES,
  OFFENCES,
  PROVINCES,
  TRAFFICKING_OFFENCES,
} from '@ledger/domain';
import {
  ListReferenceDataQuery,
  type ReferenceFilter,
  type ReferenceList,
} from './list-reference-data.query.js';

const matches = (item: { kind?: string; provinceCode?: string }, filter: ReferenceFilter): boolean =>
  (filter.kind === undefined || item.kind === filter.kind) &&
  (filter.provinceCode === undefined || item.provinceCode === filter.provinceCode);

const LISTS: Record<ReferenceList, () => object[]> = {
  agencies: () => [...AGENCIES],
  provinces: () => [...PROVINCES],
  nationalities: () => Object.entries(NATIONALITIES).map(([code, name]) => ({ code, name })),
  checkpoints: () => [...CHECKPOINTS],
  offences: () => OFFENCES.map((code) => ({ code, trafficking: TRAFFICKING_OFFENCES.includes(code) })),
};

@QueryHandler(ListReferenceDataQuery)
export class ListReferenceDataHandler implements IQueryHandler<ListReferenceDataQuery> {
  async execute({ actor, params }: ListReferenceDataQuery): Promise<object[]> {
    requireAccess({ actor, permission: Permission.ReferenceDataRead });
    return LISTS[params.list]().filter((item) => matches(item, params.filter));
  }
}
