import { IdField, InstantField, ListOf } from '../../shared/dto/fields.js';
import { SuspectDto } from '../../shared/dto/person.dto.js';

export class DetainSuspectsRequestDto {
  @IdField('raid-1', 'The raid in which they were detained')
  raidId!: string;

  @ListOf(() => SuspectDto, 'Suspects detained, by person id')
  suspects!: SuspectDto[];

  @InstantField('2022-09-19T15:00:00+07:00', 'When they were detained')
  occurredAt!: string;
}
