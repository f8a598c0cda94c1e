/**
 * The projector as a process of its own, for deployments where ledger-api runs with
 * LEDGER_PROJECTOR=external:
 *   node apps/projector/dist/main.js            follow the log until SIGTERM
 *   node apps/projector/dist/main.js rebuild    rebuild into new tables, switch over, exit
 */
import { ConfigError, loadConfig } from '@ledger/config';
import { createPostgresEventStore } from '@ledger/event-store';
import { createProjector, runProjector, statisticsProjection } from '@ledger/read-models';
import { createPgClient } from '@ledger/sql';

const logger = {
  log: (message: string) => console.log(`${new Date().toISOString()} projector ${message}`),
  error: (message: string) => console.error(`${new Date().toISOString()} projector ${message}`),
};

async function main(command: string | undefined): Promise<void> {
  const config = loadConfig();
  if (config.database.kind !== 'server') {
    throw new ConfigError(
      'DATABASE_URL',
      'is required: on the embedded default ledger-api runs the projector itself',
    );
  }
  if (command !== undefined && command !== 'rebuild')
    throw new Error(`unknown command ${command}; use rebuild or nothing`);
  const sql = createPgClient({ connectionString: config.database.url, max: 4 });
  const store = await createPostgresEventStore(sql, { schema: config.schema });
  try {
    if (command === 'rebuild') {
      const projector = await createProjector({
        sql,
        store,
        schema: config.schema,
        projection: statisticsProjection,
        logger,
      });
      const result = await projector.rebuild({
        onProgress: (p) =>
          logger.log(
            `rebuilding generation ${p.generation}: ${p.percent.toFixed(1)}% (${p.events}/${p.total}), ${Math.round(p.eventsPerSecond)} events/s`,
          ),
      });
      logger.log(`switched to generation ${result.generation} at position ${result.checkpoint}`);
      return;
    }
    const stop = new AbortController();
    for (const signal of ['SIGTERM', 'SIGINT'] as const) process.once(signal, () => stop.abort());
    logger.log('following the event log');
    await runProjector({ sql, store, schema: config.schema, signal: stop.signal, logger });
    logger.log('stopped; checkpoints stored');
  } finally {
    await store.close();
    await sql.close();
  }
}

main(process.argv[2]).catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : String(error));
  process.exit(1);
});
