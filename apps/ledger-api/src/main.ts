import 'reflect-metadata';
import { Logger } from '@nestjs/common';
import { ConfigError, loadConfig } from '@ledger/config';
import { messageOf } from '@ledger/sql';
import { createLedgerApp } from './app.js';
import { drainAndClose } from './infrastructure/http/draining.js';

/** Longest wait for requests in flight; orchestrators usually allow 30 s before SIGKILL. */
const SHUTDOWN_DEADLINE_MS = 20_000;

async function main(): Promise<void> {
  const config = loadConfig();
  const app = await createLedgerApp(config, { shutdownHooks: false });
  await app.listen(config.http.port, config.http.host);
  const logger = new Logger('Ledger');
  for (const signal of ['SIGTERM', 'SIGINT'] as const) {
    process.once(signal, () => {
      logger.log(`${signal}: finishing the requests in flight, then stopping`);
      drainAndClose(app, SHUTDOWN_DEADLINE_MS).then(
        () => {
          logger.log('stopped');
          process.exit(0);
        },
        (err: unknown) => {
          logger.error(`could not stop cleanly: ${messageOf(err)}`);
          process.exit(1);
        },
      );
    });
  }
  const store =
    config.database.kind === 'server' ? 'PostgreSQL server' : `embedded PGlite in ${config.database.dataDir}`;
  logger.log(`listening on ${await app.getUrl()} (${store}); API docs at /docs`);
}

main().catch((error: unknown) => {
  // A wrong setting stops start-up with one clear line naming it.
  if (error instanceof ConfigError) console.error(error.message);
  else console.error(error);
  process.exit(1);
});
