export * from './event-store.port.js';
export * from './errors.js';
export * from './append-rules.js';
export { formatPosition, parsePosition } from './position.js';
export { PollingSubscription, type PollingOptions, type ReadBatch } from './polling-subscription.js';
export {
  createPostgresEventStore,
  PostgresEventStore,
  type PostgresEventStoreOptions,
} from './postgres/postgres-event-store.js';
export { migrateEventStore, quoteSchema } from './postgres/schema.js';
export {
  decodePosition as decodePostgresPosition,
  encodePosition as encodePostgresPosition,
  MAX_EVENTS_PER_APPEND as POSTGRES_MAX_EVENTS_PER_APPEND,
} from './postgres/xid-position.js';
export { type PublicEvent, toPublicEvent } from './public-event.js';
export { batches, DEFAULT_BATCH, type BatchOptions } from './batches.js';
export { defaultEventCounter, type EventCounter } from './event-counter.js';
export { untilAborted } from './until-aborted.js';
export { withChainHashes } from './chain-hashes.js';
export {
  createEventStore,
  type CreateEventStoreOptions,
  type EventStoreSelection,
} from './create-event-store.js';
export {
  createKurrentDbEventStore,
  KurrentDbEventStore,
  type KurrentDbEventStoreOptions,
} from './kurrentdb/kurrentdb-event-store.js';
export {
  decodeKurrentPosition,
  encodeKurrentPosition,
  type KurrentPosition,
} from './kurrentdb/position-codec.js';
export { type ResubscribeInfo } from './kurrentdb/resubscribing-subscription.js';
