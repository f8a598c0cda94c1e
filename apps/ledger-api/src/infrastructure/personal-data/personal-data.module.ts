import { Global, Logger, Module } from '@nestjs/common';
import { LEDGER_CONFIG, type LedgerConfig } from '@ledger/config';
import { IdentityVault, loadMasterKeys } from '@ledger/personal-data';
import type { SqlClient } from '@ledger/sql';
import { SQL_CLIENT } from '../persistence/persistence.module.js';

/** The encrypted identities, beside the ledger in the same database but never in its events. */
@Global()
@Module({
  providers: [
    {
      provide: IdentityVault,
      inject: [SQL_CLIENT, LEDGER_CONFIG],
      useFactory: async (sql: SqlClient, config: LedgerConfig) => {
        const logger = new Logger('PersonalData');
        const keys = await loadMasterKeys(config.personalData, { log: (line) => logger.log(line) });
        return IdentityVault.open({ sql, schema: config.schema, keys });
      },
    },
  ],
  exports: [IdentityVault],
})
export class PersonalDataModule {}
