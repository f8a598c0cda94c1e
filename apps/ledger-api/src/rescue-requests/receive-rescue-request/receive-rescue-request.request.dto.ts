import {
  AgencyField,
  CountField,
  IdField,
  InstantField,
  ListOf,
  NationalityField,
  ProvinceField,
} from '../../shared/dto/fields.js';

export class RequestedPersonsDto {
  @NationalityField()
  nationality!: string;

  @CountField(38, 'How many persons of this nationality', true)
  count!: number;
}

export class ReceiveRescueRequestRequestDto {
  @IdField('rescue-vnm-2022-0919-01', 'Request id; generated (UUIDv7) when omitted', false)
  requestId?: string;

  @AgencyField('mission-vnm', 'The foreign mission that asks')
  fromMissionId!: string;

  @ListOf(() => RequestedPersonsDto, 'Persons to rescue, by nationality', 300)
  persons!: RequestedPersonsDto[];

  @ProvinceField(false)
  provinceCode?: string;

  @InstantField('2022-09-19T09:00:00+07:00', 'When it was received')
  occurredAt!: string;
}
