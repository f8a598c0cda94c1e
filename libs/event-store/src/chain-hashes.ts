import { GENESIS_HASH, chainHash, eventHashBody } from '@ledger/ledger-integrity';
import type { RecordedEvent } from './event-store.port.js';

/**
 * Gives events that were made up outside a store (fixtures, histories built in memory) the chain
 * hashes a store would have recorded. Each stream's events must come in revision order.
 */
export function withChainHashes(events: readonly Omit<RecordedEvent, 'hash'>[]): RecordedEvent[] {
  const heads = new Map<string, string>();
  return events.map((event) => {
    const hash = chainHash(heads.get(event.streamId) ?? GENESIS_HASH, eventHashBody(event));
    heads.set(event.streamId, hash);
    return { ...event, hash };
  });
}
