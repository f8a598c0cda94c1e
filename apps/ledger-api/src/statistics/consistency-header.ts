import type { Response } from 'express';
import type { Consistency } from '../infrastructure/projections/read-your-writes.js';

/** `Ledger-Consistency: stale` tells a client at a glance that minPosition was not reached in time. */
export function consistencyHeader<T extends { consistency: Consistency }>(response: Response, answer: T): T {
  response.setHeader('Ledger-Consistency', answer.consistency.caughtUp ? 'current' : 'stale');
  response.setHeader('Ledger-Checkpoint', answer.consistency.checkpoint);
  return answer;
}
