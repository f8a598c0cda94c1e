import { type IQueryHandler, QueryHandler } from '@nestjs/cqrs';
import { Permission, requireAccess } from '@ledger/auth';
import {
  type AgencyDirectory,
  CHECKPOINTS,
  NATIONALITIES,
  OFFENCES,
  PROVINCES,
  TRAFFICKING_OFFENCES,
} from '@ledger/domain';
import { AgencyRegister } from '../../infrastructure/reference-data/agency-register.js';
import {
  ListReferenceDataQuery,
  type ReferenceFilter,
  type ReferenceList,
} from './list-reference-data.query.js';

const matches = (item: { kind?: string; provinceCode?: string }, filter: ReferenceFilter): boolean =>
  (filter.kind === undefined || item.kind === filter.kind) &&
  (filter.provinceCode === undefined || item.provinceCode === filter.provinceCode);

const LISTS: Record<ReferenceList, (agencies: AgencyDirectory) => object[]> = {
  // With what admins registered, renamed and retired; a retired agency is listed with `retired: true`.
  agencies: (agencies) => [...agencies.all()],
  provinces: () => [...PROVINCES],
  nationalities: () => Object.entries(NATIONALITIES).map(([code, name]) => ({ code, name })),
  checkpoints: () => [...CHECKPOINTS],
  offences: () => OFFENCES.map((code) => ({ code, trafficking: TRAFFICKING_OFFENCES.includes(code) })),
};

@QueryHandler(ListReferenceDataQuery)
export class ListReferenceDataHandler implements IQueryHandler<ListReferenceDataQuery> {
  constructor(private readonly register: AgencyRegister) {}

  async execute({ actor, params }: ListReferenceDataQuery): Promise<object[]> {
    requireAccess({ actor, permission: Permission.ReferenceDataRead });
    const agencies = await this.register.current();
    return LISTS[params.list](agencies).filter((item) => matches(item, params.filter));
  }
}
