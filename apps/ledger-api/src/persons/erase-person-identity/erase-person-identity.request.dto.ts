import { InstantField, TextField } from '../../shared/dto/fields.js';

export class ErasePersonIdentityRequestDto {
  @TextField('deported on 2022-09-23; retention ended', 'Why the identity is erased')
  reason!: string;

  @InstantField('2022-09-29T09:00:00+07:00', 'When')
  occurredAt!: string;
}
