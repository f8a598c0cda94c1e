import { GENESIS_HASH, chainHash, eventHashBody } from '@ledger/ledger-integrity';
import { migrate, quoteIdentifier, type SqlClient } from '@ledger/sql';

/** Checks and quotes a schema name; the event store's users (audit, kafka) quote theirs with it too. */
export const quoteSchema = (schema: string): string => quoteIdentifier(schema, 'schema');

/** The tag that starts every event-hash preimage: "ledger-event/v1" and a zero byte (see hash-chain.ts). */
const EVENT_HASH_TAG_SQL = `'\\x${Buffer.from('ledger-event/v1\0', 'ascii').toString('hex')}'::bytea`;
export const GENESIS_HASH_SQL = `'\\x${GENESIS_HASH}'::bytea`;

/**
 * The chain hash of hash-chain.ts as an SQL expression, over a body the appender put in canonical form,
 * UTF-8: hash(i) = SHA-256(tag || hash(i - 1) || body(i)). Written out where it is used: a function
 * call per event would cost more than the hash.
 */
export const chainHashSql = (previous: string, body: string): string =>
  `sha256(${EVENT_HASH_TAG_SQL} || ${previous} || ${body})`;

function ddl(s: string): string[] {
  return [
    `CREATE SCHEMA IF NOT EXISTS ${s}`,
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
    // Stores from before the hash chain get the column, filled by backfillChainHashes.
    `ALTER TABLE ${s}.events ADD COLUMN IF NOT EXISTS hash bytea`,
    // The per-stream hash chain (chainHashSql) over several bodies sent one after the other in
    // `bodies`, each from its start (1-based) for its length.
    `CREATE OR REPLACE FUNCTION ${s}.chain_hashes(previous bytea, bodies bytea, starts int[], lengths int[])
      RETURNS bytea[] LANGUAGE plpgsql IMMUTABLE PARALLEL SAFE AS $$
      DECLARE
        hashes bytea[] := '{}';
      BEGIN
        FOR i IN 1 .. cardinality(starts) LOOP
          previous := ${chainHashSql('previous', 'substring(bodies FROM starts[i] FOR lengths[i])')};
          hashes := hashes || previous;
        END LOOP;
        RETURN hashes;
      END $$`,
    // Stores from before appends chained onto the events themselves kept each stream's head in a table of
    // its own, and hashed bodies sent as text; the events hold all of it now, and what nobody keeps up to
    // date would mislead.
    `DROP TABLE IF EXISTS ${s}.streams`,
    `DROP FUNCTION IF EXISTS ${s}.chain_hashes(bytea, text[])`,
  ];
}

/** Creates what is missing and leaves the rest alone; safe to run from many processes at once. */
export async function migrateEventStore(sql: SqlClient, schema: string): Promise<void> {
  const s = quoteSchema(schema);
  await migrate(sql, ddl(s));
  await backfillChainHashes(sql, s);
}

/**
 * Chains the events a store recorded before it hashed them, stream by stream. Runs once: after it, every event
 * has its hash, and appends (which chain onto the last one) keep it so.
 */
async function backfillChainHashes(sql: SqlClient, s: string): Promise<void> {
  const { rows: pending } = await sql.query<{ stream_id: string }>(
    `SELECT DISTINCT stream_id FROM ${s}.events WHERE hash IS NULL`,
  );
  for (const { stream_id: streamId } of pending) {
    await sql.transaction(async (tx) => {
      const { rows: events } = await tx.query<{
        position: bigint;
        event_id: string;
        type: string;
        schema_version: number;
        data: unknown;
        metadata: unknown;
        hash: unknown;
      }>(
        `SELECT position, event_id, type, schema_version, data, metadata, hash FROM ${s}.events
         WHERE stream_id = $1 ORDER BY revision FOR UPDATE`,
        [streamId],
      );
      if (events.every((event) => event.hash !== null)) return; // another process did it
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
    });
  }
  // Only when needed: ALTER TABLE locks the table even when it changes nothing.
  const { rows } = await sql.query<{ nullable: boolean }>(
    `SELECT NOT attnotnull AS nullable FROM pg_attribute WHERE attrelid = '${s}.events'::regclass AND attname = 'hash'`,
  );
  if (rows[0]?.nullable) await migrate(sql, [`ALTER TABLE ${s}.events ALTER COLUMN hash SET NOT NULL`]);
}
