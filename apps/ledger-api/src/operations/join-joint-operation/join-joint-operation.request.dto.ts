import { AgencyField, InstantField } from '../../shared/dto/fields.js';

export class JoinJointOperationRequestDto {
  @AgencyField('gdi', 'The agency that joins; the lead agency brings it in')
  agencyId!: string;

  @InstantField('2022-09-18T09:00:00+07:00', 'When it joined')
  occurredAt!: string;
}
