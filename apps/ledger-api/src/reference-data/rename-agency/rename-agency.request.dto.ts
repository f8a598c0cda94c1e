import { InstantField, TextField } from '../../shared/dto/fields.js';

export class RenameAgencyRequestDto {
  @TextField('Honorary Consulate of Sri Lanka, Phnom Penh', 'The new name', true, 200)
  name!: string;

  @InstantField('2022-09-26T09:00:00+07:00', 'When it takes effect')
  occurredAt!: string;
}
