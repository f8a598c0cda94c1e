import { IdField, InstantField, RielField, TextField } from '../../shared/dto/fields.js';

export class ImposeFineRequestDto {
  @IdField('fine-1', 'Fine id, unique within the operation')
  fineId!: string;

  @RielField(118_000_000, 'Amount in riel')
  amountRiel!: number;

  @TextField('unpaid work permit fees', 'Why')
  reason!: string;

  @IdField('raid-1', 'The raid it follows, if any', false)
  raidId?: string;

  @InstantField('2022-09-20T10:00:00+07:00', 'When it was imposed')
  occurredAt!: string;
}
