import { migrate, type SqlClient } from '@ledger/sql';

const IDENTIFIER = /^[a-z_][a-z0-9_]{0,62}$/;

/** Quotes a schema name after checking it, since identifiers cannot be bound as parameters. */
export function quoteSchema(schema: string): string {
  if (!IDENTIFIER.test(schema)) {
    throw new TypeError(`schema must match ${IDENTIFIER.source}, got "${schema}"`);
  }
  return `"${schema}"`;
}

function ddl(s: string): string[] {
  return [
    `CREATE SCHEMA IF NOT EXISTS ${s}`,
    // transaction_id: the last appender, so a writer holding an older xid cannot follow it.
    // Every append rewrites its stream's row: free space per page keeps those updates HOT, so
    // they skip the index.
    `CREATE TABLE IF NOT EXISTS ${s}.streams (
      stream_id text PRIMARY KEY,
      revision bigint NOT NULL,
      transaction_id xid8 NOT NULL
    ) WITH (fillfactor = 70)`,
    `CREATE TABLE IF NOT EXISTS ${s}.events (
      position bigint PRIMARY KEY,
      stream_id text NOT NULL,
      revision bigint NOT NULL,
      event_id uuid NOT NULL CONSTRAINT events_event_id_key UNIQUE,
      type text NOT NULL,
      schema_version int NOT NULL,
      data jsonb NOT NULL,
      metadata jsonb NOT NULL,
      created_at timestamptz NOT NULL DEFAULT now(),
      transaction_id xid8 NOT NULL DEFAULT pg_current_xact_id(),
      CONSTRAINT events_stream_revision_key UNIQUE (stream_id, revision)
    )`,
  ];
}

/** Creates what is missing and leaves the rest alone; safe to run from many processes at once. */
export async function migrateEventStore(sql: SqlClient, schema: string): Promise<void> {
  await migrate(sql, `ledger.event-store.migrate:${schema}`, ddl(quoteSchema(schema)));
}
