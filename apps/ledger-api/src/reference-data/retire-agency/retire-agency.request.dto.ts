import { InstantField, TextField } from '../../shared/dto/fields.js';

export class RetireAgencyRequestDto {
  @TextField('merged into the embassy in Bangkok', 'Why the agency is retired')
  reason!: string;

  @InstantField('2022-09-29T09:00:00+07:00', 'When it takes effect')
  occurredAt!: string;
}
