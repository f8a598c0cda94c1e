import { createPostgresEventStore } from '@ledger/event-store';
import { createPgClient } from '@ledger/sql';
import type { AppendTarget } from '../load.js';

/** Our adapter: `createPostgresEventStore` over `@ledger/sql`, in its own schema. */
export async function ledgerTarget(
  connectionString: string,
  schema: string,
  poolSize: number,
): Promise<AppendTarget> {
  const sql = createPgClient({ connectionString, max: poolSize });
  const store = await createPostgresEventStore(sql, { schema });
  return {
    name: 'ledger',
    async append(cursor, events) {
      await store.appendToStream(cursor.streamId, events, {
        expectedRevision: cursor.eventsInStream === 0 ? 'no_stream' : cursor.eventsInStream - 1,
      });
    },
    async close() {
      await store.close();
      await sql.close();
    },
  };
}
