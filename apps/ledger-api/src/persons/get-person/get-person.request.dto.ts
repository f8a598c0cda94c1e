import { IdField } from '../../shared/dto/fields.js';

export class GetPersonRequestDto {
  @IdField(
    '01837d1e-0000-7000-8000-000000000001',
    'The case under which the reader needs to know a minor’s or a victim’s identity',
    false,
  )
  caseId?: string;
}
