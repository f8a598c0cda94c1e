import { afterAll, describe, it } from '@jest/globals';
import { createPostgresEventStore } from '@ledger/event-store';
import { createPgClient } from '@ledger/sql';
import { isolatedSchema, isSkipped, resolvePostgres } from '../support/infra.js';
import { describeEventStoreConformance } from './event-store.conformance.js';

const postgres = await resolvePostgres();

if (isSkipped(postgres)) {
  console.log(postgres.skip);
  describe.skip(`event store conformance: PostgreSQL server (${postgres.skip})`, () => {
    it('needs a PostgreSQL server', () => undefined);
  });
} else {
  afterAll(() => postgres.stop());

  describeEventStoreConformance('PostgreSQL server', async () => {
    // More connections than concurrent writers, so the subscriber never waits for a connection
    // and the writers' transactions really run in parallel.
    const sql = createPgClient({ connectionString: postgres.url, max: 24 });
    const schema = isolatedSchema(sql);
    const store = await createPostgresEventStore(sql, { schema: schema.name });
    return {
      store,
      dispose: async () => {
        await store.close();
        await schema.drop();
        await sql.close();
      },
    };
  });
}
