import { InstantField, TextField } from '../../shared/dto/fields.js';

export class CloseJointOperationRequestDto {
  @InstantField('2022-09-22T18:00:00+07:00', 'When the operation ended')
  occurredAt!: string;

  @TextField('Two raids, 883 foreigners screened', 'Closing summary', false, 2000)
  summary?: string;
}
