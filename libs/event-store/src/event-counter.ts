import type { SqlExecutor } from '@ledger/sql';
import type { EventStore } from './event-store.port.js';
import { PostgresEventStore } from './postgres/postgres-event-store.js';
import { quoteSchema } from './postgres/schema.js';

/**
 * Counts the events with `after < position <= upTo`. Positions are sparse, so lag and progress
 * need a count; a difference of positions means nothing.
 */
export type EventCounter = (after: bigint, upTo: bigint) => Promise<number>;

const PAGE = 10_000;

/**
 * For the PostgreSQL store: one index-only count over its events table, read through `sql`
 * (the read models and checkpoints live in the store's database whenever the store is PostgreSQL). For any other store: pages through `readAll`.
 */
export function defaultEventCounter(store: EventStore, sql: SqlExecutor): EventCounter {
  if (store instanceof PostgresEventStore) {
    const text = `SELECT count(*) AS n FROM ${quoteSchema(store.schema)}.events
      WHERE position > $1 AND position <= $2`;
    return async (after, upTo) => {
      const { rows } = await sql.query<{ n: bigint }>(text, [after, upTo], { prepare: true });
      return Number(rows[0]?.n ?? 0n);
    };
  }
  return async (after, upTo) => {
    let count = 0;
    let checkpoint = after;
    for (;;) {
      const page = await store.readAll({ after: checkpoint, maxCount: PAGE });
      for (const event of page) {
        if (event.position > upTo) return count;
        count++;
      }
      const last = page.at(-1);
      if (!last || page.length < PAGE) return count;
      checkpoint = last.position;
    }
  };
}
