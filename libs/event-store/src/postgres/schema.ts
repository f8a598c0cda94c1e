import { GENESIS_HASH, chainHash, eventHashBody } from '@ledger/ledger-integrity';
import { migrate, type SqlClient } from '@ledger/sql';

const IDENTIFIER = /^[a-z_][a-z0-9_]{0,62}$/;

/** Quotes a schema name after checking it, since identifiers cannot be bound as parameters. */
export function quoteSchema(schema: string): string {
  if (!IDENTIFIER.test(schema)) {
    throw new TypeError(`schema must match ${IDENTIFIER.source}, got "${schema}"`);
  }
  return `"${schema}"`;
}

/** The tag that starts every event-hash preimage: "ledger-event/v1" and a zero byte (see hash-chain.ts). */
const EVENT_HASH_TAG_SQL = `'\\x${Buffer.from('ledger-event/v1\0', 'ascii').toString('hex')}'::bytea`;
export const GENESIS_HASH_SQL = `'\\x${GENESIS_HASH}'::bytea`;

function ddl(s: string): string[] {
  return [
    `CREATE SCHEMA IF NOT EXISTS ${s}`,
    // transaction_id: the last appender, so a writer holding an older xid cannot follow it.
    // last_hashes: the chain hashes of the stream's last append, the head hash last; the events
    // insert takes them from the row it just locked, so each hash is computed once, in order.
    // Every append rewrites its stream's row: free space per page keeps those updates HOT, so
    // they skip the index.
    `CREATE TABLE IF NOT EXISTS ${s}.streams (
      stream_id text PRIMARY KEY,
      revision bigint NOT NULL,
      transaction_id xid8 NOT NULL,
      last_hashes bytea[] NOT NULL
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
      hash bytea NOT NULL,
      CONSTRAINT events_stream_revision_key UNIQUE (stream_id, revision)
    )`,
    // Stores from before the hash chain get the columns, filled by backfillChainHashes.
    `ALTER TABLE ${s}.streams ADD COLUMN IF NOT EXISTS last_hashes bytea[]`,
    `ALTER TABLE ${s}.events ADD COLUMN IF NOT EXISTS hash bytea`,
    // The per-stream hash chain of hash-chain.ts over bodies the appender put in canonical form:
    // hash(i) = SHA-256(tag || hash(i - 1) || body(i)).
    `CREATE OR REPLACE FUNCTION ${s}.chain_hashes(previous bytea, bodies text[]) RETURNS bytea[]
      LANGUAGE plpgsql IMMUTABLE PARALLEL SAFE AS $$
      DECLARE
        hashes bytea[] := '{}';
        body text;
      BEGIN
        FOREACH body IN ARRAY bodies LOOP
          previous := sha256(${EVENT_HASH_TAG_SQL} || previous || convert_to(body, 'UTF8'));
          hashes := hashes || previous;
        END LOOP;
        RETURN hashes;
      END $$`,
  ];
}

/** Creates what is missing and leaves the rest alone; safe to run from many processes at once. */
export async function migrateEventStore(sql: SqlClient, schema: string): Promise<void> {
  await migrate(sql, ddl(quoteSchema(schema)));
  await backfillChainHashes(sql, quoteSchema(schema));
}

/**
 * Chains the events a store recorded before it hashed them, stream by stream. Runs once: after it, every stream
 * row has its hashes, and appends (which need them) keep them.
 */
async function backfillChainHashes(sql: SqlClient, s: string): Promise<void> {
  const { rows: pending } = await sql.query<{ stream_id: string }>(
    `SELECT stream_id FROM ${s}.streams WHERE last_hashes IS NULL`,
  );
  for (const { stream_id: streamId } of pending) {
    await sql.transaction(async (tx) => {
      const { rows } = await tx.query<{ last_hashes: unknown }>(
        `SELECT last_hashes FROM ${s}.streams WHERE stream_id = $1 FOR UPDATE`,
        [streamId],
      );
      if (rows[0]?.last_hashes !== null) return;
      const { rows: events } = await tx.query<{
        position: bigint;
        event_id: string;
        type: string;
        schema_version: number;
        data: unknown;
        metadata: unknown;
      }>(
        `SELECT position, event_id, type, schema_version, data, metadata FROM ${s}.events
         WHERE stream_id = $1 ORDER BY revision`,
        [streamId],
      );
      let previous = GENESIS_HASH;
      for (const event of events) {
        previous = chainHash(
          previous,
          eventHashBody({ ...event, streamId, eventId: event.event_id, schemaVersion: event.schema_version }),
        );
        await tx.query(`UPDATE ${s}.events SET hash = $2 WHERE position = $1`, [
          event.position,
          Buffer.from(previous, 'hex'),
        ]);
      }
      await tx.query(`UPDATE ${s}.streams SET last_hashes = ARRAY[$2::bytea] WHERE stream_id = $1`, [
        streamId,
        Buffer.from(previous, 'hex'),
      ]);
    });
  }
}
