import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsOptional, Matches } from 'class-validator';
import { GROUP_BY, type GroupBy, type Period } from '@ledger/read-models';
import { DateField } from '../shared/dto/fields.js';
import { RequestValidationError } from '../infrastructure/http/request-validation.js';

/** A period of calendar days in Cambodia, how to group it, and the position the answer must include. */
export class PeriodRequestDto {
  @DateField('2022-09-01', 'First day included (Cambodian calendar date)', false)
  from?: string;

  @DateField('2022-09-30', 'Last day included', false)
  to?: string;

  @ApiPropertyOptional({ enum: GROUP_BY, description: 'Adds a series grouped by day, month or year' })
  @IsOptional()
  @IsIn([...GROUP_BY], { message: `$property must be one of ${GROUP_BY.join(', ')}` })
  groupBy?: GroupBy;

  @ApiPropertyOptional({
    example: '3158016',
    description: "A command answer's position: the query waits (boundedly) until the figures include it",
  })
  @IsOptional()
  @Matches(/^(0|[1-9]\d{0,18})$/, { message: '$property must be a position from a command answer' })
  minPosition?: string;
}

export function periodOf(dto: PeriodRequestDto): Period {
  if (dto.from !== undefined && dto.to !== undefined && dto.from > dto.to) {
    throw new RequestValidationError([
      { field: 'to', messages: [`to (${dto.to}) is before from (${dto.from})`] },
    ]);
  }
  return { from: dto.from, to: dto.to, groupBy: dto.groupBy };
}
