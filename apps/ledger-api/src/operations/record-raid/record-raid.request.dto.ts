import { CountField, IdField, InstantField, ListOf, Nested, TextField } from '../../shared/dto/fields.js';
import { NationalitySexCountDto } from '../../shared/dto/person.dto.js';
import { AreaDto } from '../../shared/dto/area.dto.js';

export class RaidLocationDto extends AreaDto {
  @TextField('Jing Chhay Technology', 'Premises inspected')
  premises!: string;
}

export class RecordRaidRequestDto {
  @IdField('raid-1', 'Raid id, unique within the operation')
  raidId!: string;

  @InstantField('2022-09-19T10:00:00+07:00', 'When the raid took place')
  occurredAt!: string;

  @Nested(() => RaidLocationDto, 'Where')
  location!: RaidLocationDto;

  @CountField(8, 'Buildings or premises inspected')
  premisesInspected!: number;

  @ListOf(() => NationalitySexCountDto, 'Persons screened, by nationality and sex', 1000)
  screened!: NationalitySexCountDto[];

  @CountField(168, 'Screened persons without a valid passport')
  withoutValidPassport!: number;

  @CountField(236, 'Screened persons working without a work permit')
  withoutWorkPermit!: number;
}
