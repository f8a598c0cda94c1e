import { IsIn } from 'class-validator';
import { ApiProperty } from '@nestjs/swagger';
import { CHECKPOINTS } from '@ledger/domain';
import { DateField, IdListField, InstantField } from '../../shared/dto/fields.js';

export class ExecuteDeportationRequestDto {
  @DateField('2022-09-23', 'Date of departure')
  executedOn!: string;

  @ApiProperty({ enum: CHECKPOINTS.map((c) => c.id), example: 'pnh-airport' })
  @IsIn(CHECKPOINTS.map((c) => c.id), {
    message: '$property must be a known checkpoint (GET /reference/checkpoints)',
  })
  checkpoint!: string;

  @IdListField(['p-2022-0923-001'], 'Persons of the order who left through this checkpoint')
  personIds!: string[];

  @InstantField('2022-09-23T18:00:00+07:00', 'When it was recorded as done')
  occurredAt!: string;
}
