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
  const projector = await createProjector({
    sql,
    store,
    schema: config.schema,
    projection: statisticsProjection,
    logger,
  });
  if (command === 'rebuild') {
    // The projector logs its progress (percent, events/s) and the switch-over itself.
    await projector.rebuild();
    return;
  }
  await serveHealth({
    [`projection:${projector.name}`]: HEALTH_CHECKS.follower(
      () => projector.health(),
      config.health.maxLagEvents,
    ),
  });
  logger.log('following the event log');
  await runProjector({ sql, store, schema: config.schema, signal, logger, projectors: [projector] });
  logger.log('stopped; checkpoints stored');
});
