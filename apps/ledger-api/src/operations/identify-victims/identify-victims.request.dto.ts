import { BooleanField, IdField, InstantField, ListOf } from '../../shared/dto/fields.js';
import { PersonFactsDto } from '../../shared/dto/person.dto.js';

export class IdentifyVictimsRequestDto {
  @IdField('raid-1', 'The raid in which they were found, if any', false)
  raidId?: string;

  @ListOf(() => PersonFactsDto, 'Victims, by person id; minors are flagged')
  victims!: PersonFactsDto[];

  @BooleanField(true, 'Whether they were rescued (removed from the situation)')
  rescued!: boolean;

  @InstantField('2022-09-19T16:00:00+07:00', 'When they were identified')
  occurredAt!: string;
}
