import { AgencyField, IdListField, InstantField } from '../../shared/dto/fields.js';

export class SendCaseToCourtRequestDto {
  @AgencyField('court-kh-18', 'The court the case goes to')
  courtId!: string;

  @AgencyField('prosecutor-kh-18', 'The prosecutor who takes it')
  prosecutorId!: string;

  @IdListField(['p-2022-0917-001'], 'Suspects sent, among the case suspects')
  suspectIds!: string[];

  @InstantField('2022-09-26T09:00:00+07:00', 'When it was sent')
  occurredAt!: string;
}
