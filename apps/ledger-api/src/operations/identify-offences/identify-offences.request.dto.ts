import { InstantField, OffenceListField } from '../../shared/dto/fields.js';

export class IdentifyOffencesRequestDto {
  @OffenceListField()
  offences!: string[];

  @InstantField('2022-09-22T17:00:00+07:00', 'When they were identified')
  occurredAt!: string;
}
