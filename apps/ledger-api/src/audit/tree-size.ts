import { applyDecorators, Injectable, type PipeTransform } from '@nestjs/common';
import { ApiProperty } from '@nestjs/swagger';
import { IsDefined, IsOptional, Matches } from 'class-validator';
import { RequestValidationError } from '../infrastructure/http/request-validation.js';

// Up to 15 digits stays a safe integer; no ledger holds 10^15 events.
const TREE_SIZE = /^(0|[1-9]\d{0,14})$/;
const MESSAGE = 'must be a tree size: a whole number of events, without sign or exponent';

/** A tree size in a query string, validated as text (a number conversion would let `1e3` or ` 5` through). */
export const TreeSizeField = (example: string, description: string, required: boolean): PropertyDecorator =>
  applyDecorators(
    ApiProperty({ example, description, required, pattern: TREE_SIZE.source, type: String }),
    required ? IsDefined({ message: '$property is required' }) : IsOptional(),
    Matches(TREE_SIZE, { message: `$property ${MESSAGE}` }),
  );

/** Converts a size that `TreeSizeField` or `TreeSizePipe` accepted. */
export const treeSizeOf = (text: string): number => Number(text);

/**
 * The path's tree size: anything else is a 400, not a lookup. It passes the text on, for the controller to convert:
 * a parameter typed `number` would have the global ValidationPipe turn `1e1` into 10 before this pipe sees it.
 */
@Injectable()
export class TreeSizePipe implements PipeTransform<string, string> {
  constructor(private readonly field: string) {}

  transform(value: string): string {
    if (!TREE_SIZE.test(value))
      throw new RequestValidationError([{ field: this.field, messages: [`${this.field} ${MESSAGE}`] }]);
    return value;
  }
}
