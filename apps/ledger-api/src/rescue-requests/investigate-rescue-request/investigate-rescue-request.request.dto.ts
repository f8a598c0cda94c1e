import { InstantField, TextField } from '../../shared/dto/fields.js';

export class InvestigateRescueRequestRequestDto {
  @TextField('Located at a compound in Commune IV', 'What the investigation found', true, 4000)
  findings!: string;

  @InstantField('2022-09-20T09:00:00+07:00', 'When')
  occurredAt!: string;
}
