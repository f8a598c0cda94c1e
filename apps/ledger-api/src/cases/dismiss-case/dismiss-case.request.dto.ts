import { InstantField, TextField } from '../../shared/dto/fields.js';

export class DismissCaseRequestDto {
  @TextField('insufficient evidence', 'Why the case is dismissed')
  reason!: string;

  @InstantField('2022-10-01T09:00:00+07:00', 'When')
  occurredAt!: string;
}
