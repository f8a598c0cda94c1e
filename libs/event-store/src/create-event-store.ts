import type { SqlClient } from '@ledger/sql';
import type { EventStore } from './event-store.port.js';
import {
  createKurrentDbEventStore,
  type KurrentDbEventStoreOptions,
} from './kurrentdb/kurrentdb-event-store.js';
import { createPostgresEventStore, type PostgresEventStoreOptions } from './postgres/postgres-event-store.js';

/**
 * Which store holds the log: the shape of `LedgerConfig['eventStore']` (EVENT_STORE,
 * KURRENTDB_URL), spelled out here so this library does not depend on the config one.
 */
export type EventStoreSelection = { kind: 'postgres' } | { kind: 'kurrentdb'; url: string };

export interface CreateEventStoreOptions extends PostgresEventStoreOptions {
  /** Settings of the KurrentDB adapter; the connection itself comes from the selection. */
  kurrentdb?: KurrentDbEventStoreOptions;
}

/**
 * Opens the selected event store. PostgreSQL keeps the log in `sql` under `schema`; KurrentDB
 * keeps it in the cluster at `url`, and `sql` (read models, checkpoints) is not used here.
 * close() releases what the store opened: the KurrentDB client, never `sql`.
 */
export async function createEventStore(
  selection: EventStoreSelection,
  sql: SqlClient,
  options: CreateEventStoreOptions = {},
): Promise<EventStore> {
  const { kurrentdb, ...postgres } = options;
  switch (selection.kind) {
    case 'postgres':
      return createPostgresEventStore(sql, postgres);
    case 'kurrentdb':
      return createKurrentDbEventStore(selection.url, kurrentdb);
  }
}
