import { IdField, IdListField, InstantField, OffenceListField } from '../../shared/dto/fields.js';

export class OpenCaseRequestDto {
  @IdField('case-ahtjp-kh18-2022-031', 'Case id; generated (UUIDv7) when omitted', false)
  caseId?: string;

  @IdField('sihanoukville-2022-09', 'The operation the case comes from')
  operationId!: string;

  @OffenceListField()
  offences!: string[];

  @IdListField(['p-2022-0917-001'], 'Suspects, detained in that operation')
  suspectIds!: string[];

  @IdListField(['v-2022-0917-001'], 'Victims identified in that operation (may be empty)', 0)
  victimIds!: string[];

  @InstantField('2022-09-23T09:00:00+07:00', 'When the case was opened')
  occurredAt!: string;
}
