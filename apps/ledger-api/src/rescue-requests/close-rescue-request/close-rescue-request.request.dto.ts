import { InstantField, TextField } from '../../shared/dto/fields.js';

export class CloseRescueRequestRequestDto {
  @TextField('all victims returned to their families', 'Outcome', true, 2000)
  outcome!: string;

  @InstantField('2022-09-30T09:00:00+07:00', 'When')
  occurredAt!: string;
}
