import {
  type DynamicModule,
  Global,
  Inject,
  Logger,
  Module,
  type OnApplicationShutdown,
} from '@nestjs/common';
import { mkdir } from 'node:fs/promises';
import type { LedgerConfig } from '@ledger/config';
import { LEDGER_CONFIG } from '@ledger/config';
import { createPgClient, createPgliteClient, type SqlClient } from '@ledger/sql';
import { createEventStore, EVENT_STORE, type EventStore } from '@ledger/event-store';
import { IdempotencyStore } from '../idempotency/idempotency.store.js';

export const SQL_CLIENT = Symbol.for('ledger.SqlClient');

/** `:memory:` keeps the embedded database in memory (tests); any other value is a folder. */
export const IN_MEMORY = ':memory:';

export async function openSql(config: LedgerConfig): Promise<SqlClient> {
  const { database } = config;
  if (database.kind === 'server')
    return createPgClient({ connectionString: database.url, max: database.poolSize });
  if (database.dataDir === IN_MEMORY) return createPgliteClient({});
  await mkdir(database.dataDir, { recursive: true });
  return createPgliteClient({ dataDir: database.dataDir });
}

/** One SQL client (PostgreSQL server or embedded PGlite) under the event store and the ledger's own tables. */
@Global()
@Module({})
export class PersistenceModule implements OnApplicationShutdown {
  private readonly logger = new Logger('Persistence');

  constructor(
    @Inject(EVENT_STORE) private readonly store: EventStore,
    @Inject(SQL_CLIENT) private readonly sql: SqlClient,
  ) {}

  static register(config: LedgerConfig): DynamicModule {
    return {
      module: PersistenceModule,
      providers: [
        { provide: LEDGER_CONFIG, useValue: config },
        { provide: SQL_CLIENT, useFactory: () => openSql(config) },
        {
          provide: EVENT_STORE,
          inject: [SQL_CLIENT],
          useFactory: (sql: SqlClient) => createEventStore(config.eventStore, sql, { schema: config.schema }),
        },
        {
          provide: IdempotencyStore,
          inject: [SQL_CLIENT, EVENT_STORE],
          useFactory: async (sql: SqlClient) => {
            const store = new IdempotencyStore(sql, config.schema);
            await store.migrate();
            return store;
          },
        },
      ],
      exports: [LEDGER_CONFIG, SQL_CLIENT, EVENT_STORE, IdempotencyStore],
    };
  }

  async onApplicationShutdown(): Promise<void> {
    await this.store.close();
    await this.sql.close();
    this.logger.log('event store and database closed');
  }
}
