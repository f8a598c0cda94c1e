import { RequestValidationError } from '../../infrastructure/http/request-validation.js';
import { TreeSizeField, treeSizeOf } from '../tree-size.js';

export class ConsistencyProofRequestDto {
  @TreeSizeField('1000', 'Size of the older signed head', true)
  from!: string;

  @TreeSizeField('2000', 'Size of the newer signed head (at least from)', true)
  to!: string;
}

export function sizesOf(dto: ConsistencyProofRequestDto): { from: number; to: number } {
  const from = treeSizeOf(dto.from);
  const to = treeSizeOf(dto.to);
  if (from > to) {
    throw new RequestValidationError([
      { field: 'to', messages: [`to (${to}) is smaller than from (${from}): a log only grows`] },
    ]);
  }
  return { from, to };
}
