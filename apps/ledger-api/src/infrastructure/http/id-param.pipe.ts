import { type PipeTransform, Injectable } from '@nestjs/common';
import { ID_PATTERN } from '../../shared/dto/fields.js';
import { RequestValidationError } from './request-validation.js';

/** Path ids follow the same pattern as ids in bodies; anything else is a 400, not a lookup. */
@Injectable()
export class IdParamPipe implements PipeTransform<string, string> {
  constructor(private readonly field: string) {}

  transform(value: string): string {
    if (!ID_PATTERN.test(value)) {
      throw new RequestValidationError([
        {
          field: this.field,
          messages: [`${this.field} must be 1 to 128 letters, digits, dots, colons, dashes or underscores`],
        },
      ]);
    }
    return value;
  }
}
