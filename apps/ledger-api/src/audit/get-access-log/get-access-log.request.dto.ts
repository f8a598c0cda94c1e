import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsOptional, Matches } from 'class-validator';
import { ACCESS_OUTCOMES, type AccessOutcome } from '@ledger/domain';
import { AgencyField, DateField } from '../../shared/dto/fields.js';
import { RequestValidationError } from '../../infrastructure/http/request-validation.js';
import type { AccessLogParams } from './get-access-log.query.js';

/** The longest period one request reads: one stream per day. */
export const MAX_ACCESS_LOG_DAYS = 31;
export const DEFAULT_ACCESS_LOG_LIMIT = 100;
export const MAX_ACCESS_LOG_LIMIT = 1000;
/** 1 to MAX_ACCESS_LOG_LIMIT, as text. */
const LIMIT = /^(?:[1-9]\d{0,2}|1000)$/;
const DAY_MS = 86_400_000;

export class AccessLogRequestDto {
  @DateField('2022-09-19', 'First UTC day included; default the value of to', false)
  from?: string;

  @DateField(
    '2022-09-20',
    `Last UTC day included, at most ${MAX_ACCESS_LOG_DAYS} days after from; default today`,
    false,
  )
  to?: string;

  @ApiPropertyOptional({ enum: ACCESS_OUTCOMES, description: 'Only entries with this outcome' })
  @IsOptional()
  @IsIn([...ACCESS_OUTCOMES], { message: `$property must be one of ${ACCESS_OUTCOMES.join(', ')}` })
  outcome?: AccessOutcome;

  @AgencyField('gdi', 'Only entries of callers from this agency (failed sign-ins have none)', false)
  agencyId?: string;

  @ApiPropertyOptional({
    example: '100',
    description: `The newest this many matching entries (1 to ${MAX_ACCESS_LOG_LIMIT}); default ${DEFAULT_ACCESS_LOG_LIMIT}`,
    pattern: LIMIT.source,
    type: String,
  })
  @IsOptional()
  // Validated as text: a number conversion would let `1e3` or ` 5` through.
  @Matches(LIMIT, { message: `$property must be a whole number from 1 to ${MAX_ACCESS_LOG_LIMIT}` })
  limit?: string;
}

export function accessLogParamsOf(dto: AccessLogRequestDto, today = new Date()): AccessLogParams {
  const to = dto.to ?? today.toISOString().slice(0, 10);
  const from = dto.from ?? to;
  const days = (Date.parse(to) - Date.parse(from)) / DAY_MS + 1;
  if (days < 1) {
    throw new RequestValidationError([{ field: 'to', messages: [`to (${to}) is before from (${from})`] }]);
  }
  if (days > MAX_ACCESS_LOG_DAYS) {
    throw new RequestValidationError([
      {
        field: 'to',
        messages: [
          `the period from ${from} to ${to} spans ${days} days; at most ${MAX_ACCESS_LOG_DAYS} are read at once`,
        ],
      },
    ]);
  }
  const limit = dto.limit === undefined ? DEFAULT_ACCESS_LOG_LIMIT : Number(dto.limit);
  return {
    from,
    to,
    limit,
    ...(dto.outcome !== undefined ? { outcome: dto.outcome } : {}),
    ...(dto.agencyId !== undefined ? { agencyId: dto.agencyId } : {}),
  };
}

/** Every UTC day of the period, oldest first. */
export function daysOf({ from, to }: { from: string; to: string }): string[] {
  const days: string[] = [];
  for (let t = Date.parse(from); t <= Date.parse(to); t += DAY_MS)
    days.push(new Date(t).toISOString().slice(0, 10));
  return days;
}
