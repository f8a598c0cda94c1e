import { getPostgreSQLEventStore } from '@event-driven-io/emmett-postgresql';
import pg from 'pg';
import { quoteIdent } from '../db.js';
import type { AppendTarget } from '../load.js';

/**
 * Emmett's PostgreSQL event store doing the same appends. Emmett has no schema option, so its
 * pool pins `search_path` to a fresh schema; it is handed our pool so that it gets the same
 * number of connections as the other lines (its own default pool has 10).
 */
export async function emmettTarget(
  connectionString: string,
  schema: string,
  poolSize: number,
): Promise<AppendTarget> {
  const pool = new pg.Pool({
    connectionString,
    max: poolSize,
    options: `-c search_path=${schema}`,
  });
  await pool.query(`CREATE SCHEMA IF NOT EXISTS ${quoteIdent(schema)}`);
  const store = getPostgreSQLEventStore(connectionString, { connectionOptions: { pool } });
  await store.schema.migrate();
  return {
    name: 'emmett',
    async append(cursor, events) {
      await store.appendToStream(
        cursor.streamId,
        events.map((e) => ({
          type: e.type,
          data: e.data,
          metadata: { ...e.metadata, messageId: e.eventId },
        })),
        // Emmett counts events in the stream (0 = no stream yet).
        { expectedStreamVersion: BigInt(cursor.eventsInStream) },
      );
    },
    async close() {
      await store.close();
      await pool.end();
    },
  };
}
