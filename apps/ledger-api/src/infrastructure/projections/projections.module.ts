import {
  type BeforeApplicationShutdown,
  type DynamicModule,
  Global,
  Inject,
  Logger,
  Module,
  type OnApplicationBootstrap,
} from '@nestjs/common';
import { LEDGER_CONFIG, type LedgerConfig } from '@ledger/config';
import { EVENT_STORE, type EventStore } from '@ledger/event-store';
import {
  createProjector,
  projectionLeaseName,
  type Projector,
  StatisticsQueries,
  statisticsProjection,
} from '@ledger/read-models';
import { startLeased, type SqlClient } from '@ledger/sql';
import { SQL_CLIENT } from '../persistence/persistence.module.js';
import { ReadYourWrites } from './read-your-writes.js';

export const STATISTICS_PROJECTOR = Symbol.for('ledger.StatisticsProjector');
export const PROJECTOR_MODE = Symbol.for('ledger.ProjectorMode');

// Nest's logger has the log/error pair the projector, relay and lease write to.
const logger = new Logger('Projector');
/**
 * The read side. The statistics projector runs in this process unless LEDGER_PROJECTOR=external
 * (then apps/projector runs it, and this process only reads and waits on its checkpoint).
 */
@Global()
@Module({})
export class ProjectionsModule implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private lease: { stop(): Promise<void> } | undefined;

  constructor(
    @Inject(STATISTICS_PROJECTOR) private readonly projector: Projector,
    @Inject(PROJECTOR_MODE) private readonly mode: LedgerConfig['projector']['mode'],
    @Inject(SQL_CLIENT) private readonly sql: SqlClient,
    @Inject(LEDGER_CONFIG) private readonly config: LedgerConfig,
  ) {}

  static register(config: LedgerConfig): DynamicModule {
    return {
      module: ProjectionsModule,
      providers: [
        { provide: PROJECTOR_MODE, useValue: config.projector.mode },
        {
          provide: STATISTICS_PROJECTOR,
          inject: [SQL_CLIENT, EVENT_STORE],
          useFactory: (sql: SqlClient, store: EventStore) =>
            createProjector({
              sql,
              store,
              schema: config.schema,
              projection: statisticsProjection,
              logger,
            }),
        },
        {
          provide: StatisticsQueries,
          inject: [SQL_CLIENT],
          useFactory: (sql: SqlClient) => new StatisticsQueries(sql, config.schema),
        },
        {
          provide: ReadYourWrites,
          inject: [STATISTICS_PROJECTOR],
          useFactory: (projector: Projector) =>
            new ReadYourWrites(projector, config.projector.readYourWritesTimeoutMs),
        },
      ],
      exports: [STATISTICS_PROJECTOR, StatisticsQueries, ReadYourWrites],
    };
  }

  onApplicationBootstrap(): void {
    if (this.mode !== 'in-process') return;
    // Several replicas may run in-process projectors: the lease lets one work at a time.
    this.lease = startLeased(
      {
        sql: this.sql,
        name: projectionLeaseName(this.config.schema, this.projector.name),
        logger,
      },
      this.projector,
    );
  }

  async beforeApplicationShutdown(): Promise<void> {
    // Before the database closes: the batch in flight commits with its checkpoint.
    await this.lease?.stop();
  }
}
