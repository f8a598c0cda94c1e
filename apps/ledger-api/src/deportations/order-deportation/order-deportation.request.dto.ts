import { ApiProperty } from '@nestjs/swagger';
import { IsIn } from 'class-validator';
import { LEGAL_GROUNDS } from '@ledger/domain';
import { IdField, IdListField, InstantField } from '../../shared/dto/fields.js';

export class OrderDeportationRequestDto {
  @IdField('gdi-2022-09-23', 'Deportation id; generated (UUIDv7) when omitted', false)
  deportationId?: string;

  @IdField('gdi-sweep-2022-09', 'The operation in which the persons were detained')
  operationId!: string;

  @ApiProperty({ enum: [...LEGAL_GROUNDS], example: 'overstay' })
  @IsIn([...LEGAL_GROUNDS], { message: `$property must be one of ${LEGAL_GROUNDS.join(', ')}` })
  legalGround!: (typeof LEGAL_GROUNDS)[number];

  @IdListField(['p-2022-0923-001'], 'Detained foreigners to deport')
  personIds!: string[];

  @InstantField('2022-09-22T09:00:00+07:00', 'When it was ordered')
  occurredAt!: string;
}
