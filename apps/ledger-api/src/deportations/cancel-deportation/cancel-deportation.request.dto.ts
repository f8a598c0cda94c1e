import { InstantField, TextField } from '../../shared/dto/fields.js';

export class CancelDeportationRequestDto {
  @TextField('court order', 'Why it is cancelled')
  reason!: string;

  @InstantField('2022-09-22T12:00:00+07:00', 'When')
  occurredAt!: string;
}
