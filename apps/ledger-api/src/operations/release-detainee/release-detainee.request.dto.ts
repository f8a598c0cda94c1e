import { IdField, InstantField, TextField } from '../../shared/dto/fields.js';

export class ReleaseDetaineeRequestDto {
  @IdField('p-2022-0917-001', 'The detained person')
  personId!: string;

  @TextField('insufficient evidence', 'Why released')
  reason!: string;

  @InstantField('2022-09-21T10:00:00+07:00', 'When released')
  occurredAt!: string;
}
