/**
 * The projector as a process of its own, for deployments where ledger-api runs with
 * LEDGER_PROJECTOR=external:
 *   node apps/projector/dist/main.js            follow the log until SIGTERM
 *   node apps/projector/dist/main.js rebuild    rebuild into new tables, switch over, exit
 */
import { openAuditLog } from '@ledger/audit';
import { runWorkerProcess, HEALTH_CHECKS } from '@ledger/runtime';
import { createProjector, runProjector, statisticsProjection } from '@ledger/read-models';

const command = process.argv[2];

runWorkerProcess('projector', async ({ config, sql, store, logger, signal, serveHealth }) => {
  if (command !== undefined && command !== 'rebuild')
    throw new Error(`unknown command ${command}; use rebuild or nothing`);
  const audit = await openAuditLog({
    sql,
    schema: config.schema,
    settings: config.audit,
    sign: true,
    logger,
  });
  const projectors = await Promise.all(
    [statisticsProjection, audit.projection].map((projection) =>
      createProjector({ sql, store, schema: config.schema, projection, logger }),
    ),
  );
  if (command === 'rebuild') {
    // The projectors log their progress (percent, events/s) and the switch-over themselves.
    for (const projector of projectors) await projector.rebuild();
    return;
  }
  await serveHealth(
    Object.fromEntries(
      projectors.map((projector) => [
        `projection:${projector.name}`,
        HEALTH_CHECKS.follower(() => projector.health(), config.health.maxLagEvents),
      ]),
    ),
  );
  logger.log('following the event log');
  const heads = audit.startHeadTimer();
  await runProjector({ sql, store, schema: config.schema, signal, logger, projectors });
  await heads.stop();
  logger.log('stopped; checkpoints stored');
});
