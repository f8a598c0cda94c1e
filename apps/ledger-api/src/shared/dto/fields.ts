import { applyDecorators } from '@nestjs/common';
import { ApiProperty, type ApiPropertyOptions } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  ArrayMinSize,
  IsArray,
  IsDefined,
  IsObject,
  IsIn,
  IsInt,
  IsISO8601,
  IsNotEmpty,
  IsOptional,
  IsString,
  Matches,
  Max,
  MaxLength,
  Min,
  ValidateNested,
} from 'class-validator';
import { AGENCY_ID_PATTERN, NATIONALITIES, OFFENCES, PROVINCES, SEXES } from '@ledger/domain';

/*
 * Field decorators shared by every request DTO: each combines validation and its OpenAPI
 * description, so a rule is written once and documented where it is enforced.
 */

const optional = (required: boolean): PropertyDecorator[] =>
  required ? [IsDefined({ message: '$property is required' })] : [IsOptional()];
const doc = (options: ApiPropertyOptions, required: boolean): PropertyDecorator =>
  ApiProperty({ ...options, required } as ApiPropertyOptions);

const ID = /^[A-Za-z0-9][A-Za-z0-9._:-]{0,127}$/;
export const ID_PATTERN = ID;

export const IdField = (example: string, description: string, required = true): PropertyDecorator =>
  applyDecorators(
    doc({ example, description, pattern: ID.source }, required),
    ...optional(required),
    IsString(),
    Matches(ID, {
      message: '$property must be 1 to 128 letters, digits, dots, colons, dashes or underscores',
    }),
  );

export const TextField = (
  example: string,
  description: string,
  required = true,
  maxLength = 500,
): PropertyDecorator =>
  applyDecorators(
    doc({ example, description, maxLength }, required),
    ...optional(required),
    IsString(),
    IsNotEmpty(),
    MaxLength(maxLength),
  );

export const InstantField = (example: string, description: string, required = true): PropertyDecorator =>
  applyDecorators(
    doc({ example, description, format: 'date-time' }, required),
    ...optional(required),
    IsISO8601(
      { strict: true, strictSeparator: true },
      { message: '$property must be an ISO 8601 date-time with an offset, e.g. 2022-09-19T09:00:00+07:00' },
    ),
    Matches(/(Z|[+-]\d{2}:\d{2})$/, { message: '$property must carry a time-zone offset (Z or +07:00)' }),
  );

export const DateField = (example: string, description: string, required = true): PropertyDecorator =>
  applyDecorators(
    doc({ example, description, format: 'date' }, required),
    ...optional(required),
    Matches(/^\d{4}-\d{2}-\d{2}$/, { message: '$property must be a calendar date YYYY-MM-DD' }),
    IsISO8601({ strict: true }, { message: '$property must be a real calendar date' }),
  );

export const CountField = (example: number, description: string, required = true): PropertyDecorator =>
  applyDecorators(
    doc({ example, description, minimum: 0, type: 'integer' }, required),
    ...optional(required),
    IsInt(),
    Min(0),
    Max(10_000_000),
  );

export const RielField = (example: number, description: string): PropertyDecorator =>
  applyDecorators(
    doc({ example, description, minimum: 1, type: 'integer' }, true),
    IsInt({ message: '$property must be a whole number of riel' }),
    Min(1, { message: '$property must be positive' }),
    Max(Number.MAX_SAFE_INTEGER),
  );

const oneOf = (
  values: readonly string[],
  what: string,
  example: string,
  description: string,
  required: boolean,
) =>
  applyDecorators(
    doc({ example, description, enum: [...values] }, required),
    ...optional(required),
    IsIn([...values], { message: `$property must be a known ${what}` }),
  );

export const ProvinceField = (required = true): PropertyDecorator =>
  oneOf(
    PROVINCES.map((p) => p.code),
    'province code (GET /reference/provinces)',
    'KH-18',
    'Province, ISO 3166-2:KH',
    required,
  );

/**
 * Checked for shape here; whether the agency exists (and is not retired) is the domain's rule
 * 'unknown-agency' (422), since admins register agencies at run time.
 */
export const AgencyField = (example: string, description: string, required = true): PropertyDecorator =>
  applyDecorators(
    doc(
      { example, description: `${description} (GET /reference/agencies)`, pattern: AGENCY_ID_PATTERN.source },
      required,
    ),
    ...optional(required),
    IsString(),
    Matches(AGENCY_ID_PATTERN, {
      message: '$property must be an agency id, a lowercase slug such as gdi or police-kh-18',
    }),
  );

export const NationalityField = (required = true, description = 'ISO 3166-1 alpha-3'): PropertyDecorator =>
  oneOf(Object.keys(NATIONALITIES), 'ISO 3166-1 alpha-3 nationality', 'CHN', description, required);

export const SexField = (): PropertyDecorator => oneOf(SEXES, 'sex (female or male)', 'male', 'Sex', true);

export const OffenceField = (): PropertyDecorator =>
  oneOf(OFFENCES, 'offence (GET /reference/offences)', 'illegal-online-gambling', 'Offence', true);

/** One of a fixed list of words. */
export const ChoiceField = (
  values: readonly string[],
  example: string,
  description: string,
  required = true,
): PropertyDecorator => oneOf(values, `value (${values.join(', ')})`, example, description, required);

export const BooleanField = (example: boolean, description: string): PropertyDecorator =>
  applyDecorators(
    doc({ example, description, type: 'boolean' }, true),
    IsDefined({ message: '$property is required' }),
    IsIn([true, false], { message: '$property must be true or false' }),
  );

/** A list of nested objects, each validated with its own DTO. */
export const ListOf = (
  type: () => new () => object,
  description: string,
  max = 10_000,
  min = 1,
): PropertyDecorator =>
  applyDecorators(
    ApiProperty({ type: () => [type()], description, minItems: min, maxItems: max }),
    IsDefined({ message: '$property is required' }),
    IsArray(),
    ArrayMinSize(min),
    ArrayMaxSize(max),
    ValidateNested({ each: true }),
    Type(type),
  );

export const Nested = (
  type: () => new () => object,
  description: string,
  required = true,
): PropertyDecorator =>
  applyDecorators(
    ApiProperty({ type: type(), description, required }),
    ...optional(required),
    IsObject({ message: '$property must be an object' }),
    ValidateNested(),
    Type(type),
  );

export const TextListField = (example: string[], description: string, min = 1): PropertyDecorator =>
  applyDecorators(
    ApiProperty({ example, description, type: [String], minItems: min }),
    IsArray(),
    ArrayMinSize(min),
    ArrayMaxSize(1000),
    IsString({ each: true }),
    IsNotEmpty({ each: true }),
    MaxLength(500, { each: true }),
  );

export const IdListField = (example: string[], description: string, min = 1): PropertyDecorator =>
  applyDecorators(
    ApiProperty({ example, description, type: [String], minItems: min }),
    IsArray(),
    ArrayMinSize(min),
    ArrayMaxSize(10_000),
    Matches(ID, { each: true, message: 'each value in $property must be an id of letters, digits, . : - _' }),
  );

export const OffenceListField = (): PropertyDecorator =>
  applyDecorators(
    ApiProperty({
      example: ['illegal-online-gambling', 'human-trafficking'],
      enum: [...OFFENCES],
      isArray: true,
    }),
    IsArray(),
    ArrayMinSize(1),
    IsIn([...OFFENCES], {
      each: true,
      message: 'each value in $property must be a known offence (GET /reference/offences)',
    }),
  );
