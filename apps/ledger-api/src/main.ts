import 'reflect-metadata';
import { Logger } from '@nestjs/common';
import { ConfigError, loadConfig } from '@ledger/config';
import { createLedgerApp } from './app.js';

async function main(): Promise<void> {
  const config = loadConfig();
  const app = await createLedgerApp(config);
  await app.listen(config.http.port, config.http.host);
  const store =
    config.database.kind === 'server' ? 'PostgreSQL server' : `embedded PGlite in ${config.database.dataDir}`;
  new Logger('Ledger').log(`listening on ${await app.getUrl()} (${store}); API docs at /docs`);
}

main().catch((error: unknown) => {
  // A wrong setting stops start-up with one clear line naming it.
  if (error instanceof ConfigError) console.error(error.message);
  else console.error(error);
  process.exit(1);
});
