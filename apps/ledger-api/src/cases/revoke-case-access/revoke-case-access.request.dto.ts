import { AgencyField, InstantField, TextField } from '../../shared/dto/fields.js';

export class RevokeCaseAccessRequestDto {
  @AgencyField('gdi', 'The agency whose need-to-know changes')
  agencyId!: string;

  @TextField('repatriation done', 'Why the access ends')
  reason!: string;

  @InstantField('2022-09-24T10:00:00+07:00', 'When')
  occurredAt!: string;
}
