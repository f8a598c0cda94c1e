import { BadRequestException } from '@nestjs/common';
import type { Request } from 'express';
import { type AggregateCollection, COLLECTION_NAMES } from '../shared/aggregates.js';

/** The four collections share their read routes; this one list keeps them in step. */
export const recordRoutes = (suffix = ''): string[] => COLLECTION_NAMES.map((name) => `${name}/:id${suffix}`);

export function collectionOf(request: Request): AggregateCollection {
  const first = request.path.split('/')[1];
  const collection = COLLECTION_NAMES.find((name) => name === first);
  if (!collection) throw new BadRequestException(`unknown collection ${first}`);
  return collection;
}
