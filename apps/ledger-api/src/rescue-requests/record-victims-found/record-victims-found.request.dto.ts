import { CountField, InstantField, ListOf } from '../../shared/dto/fields.js';
import { PersonFactsDto } from '../../shared/dto/person.dto.js';

export class RecordVictimsFoundRequestDto {
  @ListOf(() => PersonFactsDto, 'Victims found, by person id')
  victims!: PersonFactsDto[];

  @CountField(2, 'Perpetrators arrested', false)
  perpetratorsArrested?: number;

  @InstantField('2022-09-21T09:00:00+07:00', 'When')
  occurredAt!: string;
}
