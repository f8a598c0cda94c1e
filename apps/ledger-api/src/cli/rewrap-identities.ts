/**
 * Finishes a master-key rotation: rewraps every person's data key that an older master key wraps under the
 * first one configured, after which the older one can be removed from PERSONAL_DATA_MASTER_KEY(_FILE).
 *   npm run rewrap-identities
 * It reads the ledger's own configuration. On the embedded default, stop the ledger first: its database
 * serves one process at a time (a running ledger makes this refuse). On a server it runs beside the API; an
 * erasure meanwhile still wins. Stopped midway, a second run goes on with what is left.
 */
import { parseArgs } from 'node:util';
import { ConfigError, loadConfig } from '@ledger/config';
import { IdentityVault, loadMasterKeys } from '@ledger/personal-data';
import { openSql } from '../infrastructure/persistence/persistence.module.js';

const usage =
  'usage: npm run rewrap-identities  (configure the new master key first in PERSONAL_DATA_MASTER_KEY or ' +
  'PERSONAL_DATA_MASTER_KEY_FILE as id:base64,…: the first wraps, all unwrap; safe to run again)';
/** Progress goes to stderr at most this often; stdout keeps the one-line result. */
const PROGRESS_EVERY_MS = 2_000;

async function main(): Promise<void> {
  const { values } = parseArgs({ options: { help: { type: 'boolean', short: 'h' } } });
  if (values.help) {
    console.log(usage);
    return;
  }
  const config = loadConfig();
  const keys = await loadMasterKeys(config.personalData, { log: (line) => console.error(line) });
  const sql = await openSql(config);
  try {
    const vault = await IdentityVault.open({ sql, schema: config.schema, keys });
    let reported = Date.now();
    const rewrapped = await vault.rewrap({
      onProgress: (count) => {
        if (Date.now() - reported < PROGRESS_EVERY_MS) return;
        reported = Date.now();
        console.error(`${count} data keys rewrapped so far…`);
      },
    });
    console.log(`${rewrapped} data keys rewrapped under master key ${keys.keyId}`);
  } finally {
    await sql.close();
  }
}

main().catch((error: unknown) => {
  console.error(error instanceof ConfigError || error instanceof Error ? error.message : String(error));
  process.exit(1);
});
