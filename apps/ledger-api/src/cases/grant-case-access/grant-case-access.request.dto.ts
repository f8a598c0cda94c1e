import { AgencyField, InstantField, TextField } from '../../shared/dto/fields.js';

export class GrantCaseAccessRequestDto {
  @AgencyField('gdi', 'The agency whose need-to-know changes')
  agencyId!: string;

  @TextField('repatriation of the foreign victims', 'Why the agency needs to know')
  reason!: string;

  @InstantField('2022-09-24T10:00:00+07:00', 'When')
  occurredAt!: string;
}
