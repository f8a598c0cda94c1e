import { InstantField, TextField } from '../../shared/dto/fields.js';

export class SealCaseRequestDto {
  @TextField('minors among the victims', 'Why the case is sealed')
  reason!: string;

  @InstantField('2022-09-24T10:00:00+07:00', 'When')
  occurredAt!: string;
}
