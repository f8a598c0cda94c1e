/**
 * The projector as a process of its own, for deployments where ledger-api runs with
 * LEDGER_PROJECTOR=external:
 *   node apps/projector/dist/main.js            follow the log until SIGTERM
 *   node apps/projector/dist/main.js rebuild    rebuild into new tables, switch over, exit
 */
import { runWorkerProcess, HEALTH_CHECKS } from '@ledger/runtime';
import { createProjector, runProjector, statisticsProjection } from '@ledger/read-models';

const command = process.argv[2];

runWorkerProcess('projector', async ({ config, sql, store, logger, signal, serveHealth }) => {
  if (command !== undefined && command !== 'rebuild')
    throw new Error(`unknown command ${command}; use rebuild or nothing`);
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
  const projector = await createProjector({
    sql,
    store,
    schema: config.schema,
    projection: statisticsProjection,
    logger,
  });
  await serveHealth({
    [`projection:${projector.name}`]: HEALTH_CHECKS.follower(async () => {
      const [state, lag] = await Promise.all([projector.status(), projector.lag()]);
      return { ...state, behindEvents: lag.behindEvents };
    }, config.health.maxLagEvents),
  });
  logger.log('following the event log');
  await runProjector({ sql, store, schema: config.schema, signal, logger, projectors: [projector] });
  logger.log('stopped; checkpoints stored');
});
