import { InstantField, TextField } from '../../shared/dto/fields.js';

export class UnsealCaseRequestDto {
  @TextField('court order of 2022-10-03', 'Why the case is unsealed')
  reason!: string;

  @InstantField('2022-09-24T10:00:00+07:00', 'When')
  occurredAt!: string;
}
