/**
 * A projector process, for the crash test: the statistics projection over a PostgreSQL event
 * store, run by `runProjector` until SIGTERM (or until the test kills it). With
 * LEDGER_REBUILD=1 it also rebuilds the projection meanwhile, as the admin command does. Log
 * lines go to stdout, one per line.
 *
 *   DATABASE_URL=… LEDGER_STORE_SCHEMA=… LEDGER_PROJECTION_SCHEMA=… \
 *     node --conditions=ledger-source --import ./test/support/ts-hooks.ts test/read-models/projector-process.ts
 */
import { createPostgresEventStore } from '@ledger/event-store';
import { createProjector, runProjector, statisticsProjection } from '@ledger/read-models';
import { createPgClient } from '@ledger/sql';

function required(name: string): string {
  const value = process.env[name];
  if (!value) throw new Error(`${name} is not set`);
  return value;
}

const sql = createPgClient({ connectionString: required('DATABASE_URL'), max: 4 });
const store = await createPostgresEventStore(sql, { schema: required('LEDGER_STORE_SCHEMA') });
const schema = required('LEDGER_PROJECTION_SCHEMA');
const logger = {
  log: (line: string) => process.stdout.write(`${line}\n`),
  error: (line: string) => process.stdout.write(`ERROR ${line}\n`),
};
const controller = new AbortController();
process.once('SIGTERM', () => controller.abort());
const running = runProjector({ sql, store, schema, signal: controller.signal, logger });
if (process.env.LEDGER_REBUILD === '1') {
  const projector = await createProjector({ sql, store, schema, projection: statisticsProjection, logger });
  await projector.rebuild();
}
await running;
await store.close();
await sql.close();
