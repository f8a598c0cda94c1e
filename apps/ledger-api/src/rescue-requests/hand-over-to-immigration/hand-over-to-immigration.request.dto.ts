import { AgencyField, IdListField, InstantField } from '../../shared/dto/fields.js';

export class HandOverToImmigrationRequestDto {
  @AgencyField('gdi', 'The immigration department that receives them')
  toAgencyId!: string;

  @IdListField(['v-2022-0921-001'], 'Victims handed over')
  personIds!: string[];

  @InstantField('2022-09-22T09:00:00+07:00', 'When')
  occurredAt!: string;
}
