import pg from 'pg';
import type { AppendTarget } from '../load.js';
import type { Admin } from '../db.js';
import { quoteIdent } from '../db.js';

const COLUMNS = ['stream_id', 'revision', 'event_id', 'type', 'data', 'metadata'];

/**
 * The limit: one multi-row INSERT per append, in autocommit, into a minimal events table. It
 * keeps only what any event store needs (a global position and one row per stream revision) and
 * checks nothing: the revisions come from the writer.
 */
export async function bareTarget(
  connectionString: string,
  schema: string,
  poolSize: number,
  admin: Admin,
): Promise<AppendTarget> {
  const s = quoteIdent(schema);
  await admin.query(`CREATE SCHEMA IF NOT EXISTS ${s}`);
  await admin.query(`CREATE TABLE IF NOT EXISTS ${s}.events (
    position bigserial PRIMARY KEY,
    stream_id text NOT NULL,
    revision bigint NOT NULL,
    event_id uuid NOT NULL,
    type text NOT NULL,
    data jsonb NOT NULL,
    metadata jsonb NOT NULL,
    UNIQUE (stream_id, revision)
  )`);
  const pool = new pg.Pool({ connectionString, max: poolSize });
  const statements = new Map<number, string>();
  const insert = (rows: number): string => {
    let text = statements.get(rows);
    if (text === undefined) {
      const values = Array.from(
        { length: rows },
        (_, r) => `(${COLUMNS.map((_, c) => `$${r * COLUMNS.length + c + 1}`).join(', ')})`,
      );
      text = `INSERT INTO ${s}.events (${COLUMNS.join(', ')}) VALUES ${values.join(', ')}`;
      statements.set(rows, text);
    }
    return text;
  };
  return {
    name: 'bare INSERT',
    async append(cursor, events) {
      const params: unknown[] = [];
      events.forEach((e, i) => {
        params.push(
          cursor.streamId,
          cursor.eventsInStream + i,
          e.eventId,
          e.type,
          JSON.stringify(e.data),
          JSON.stringify(e.metadata),
        );
      });
      await pool.query(insert(events.length), params);
    },
    async close() {
      await pool.end();
    },
  };
}
