import {
  type BeforeApplicationShutdown,
  type DynamicModule,
  Global,
  Inject,
  Logger,
  Module,
  type OnApplicationBootstrap,
} from '@nestjs/common';
import { AuditLog, openAuditLog } from '@ledger/audit';
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
/** Every projector of this process: statistics and the Merkle log. */
export const PROJECTORS = Symbol.for('ledger.Projectors');
export const MERKLE_PROJECTOR = Symbol.for('ledger.MerkleProjector');
export const PROJECTOR_MODE = Symbol.for('ledger.ProjectorMode');

// Nest's logger has the log/error pair the projector, relay and lease write to.
const logger = new Logger('Projector');
/**
 * The read side and the Merkle log. Their projectors run in this process unless
 * LEDGER_PROJECTOR=external (then apps/projector runs them, and this process only reads and
 * waits on their checkpoints); whoever runs them also signs tree heads on a timer.
 */
@Global()
@Module({})
export class ProjectionsModule implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private running: { stop(): Promise<void> }[] = [];

  constructor(
    @Inject(PROJECTORS) private readonly projectors: readonly Projector[],
    private readonly audit: AuditLog,
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
          provide: AuditLog,
          inject: [SQL_CLIENT],
          // Whoever runs the Merkle log signs its heads; with LEDGER_PROJECTOR=external that is apps/projector.
          useFactory: (sql: SqlClient) =>
            openAuditLog({
              sql,
              schema: config.schema,
              settings: config.audit,
              sign: config.projector.mode === 'in-process',
              logger: new Logger('TreeHeads'),
            }),
        },
        {
          provide: MERKLE_PROJECTOR,
          inject: [SQL_CLIENT, EVENT_STORE, AuditLog],
          useFactory: (sql: SqlClient, store: EventStore, audit: AuditLog) =>
            createProjector({ sql, store, schema: config.schema, projection: audit.projection, logger }),
        },
        {
          provide: PROJECTORS,
          inject: [STATISTICS_PROJECTOR, MERKLE_PROJECTOR],
          useFactory: (...projectors: Projector[]) => projectors,
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
      exports: [
        STATISTICS_PROJECTOR,
        MERKLE_PROJECTOR,
        PROJECTORS,
        AuditLog,
        StatisticsQueries,
        ReadYourWrites,
      ],
    };
  }

  onApplicationBootstrap(): void {
    if (this.mode !== 'in-process') return;
    // Several replicas may run in-process projectors: the lease lets one work at a time.
    this.running = this.projectors.map((projector) =>
      startLeased(
        { sql: this.sql, name: projectionLeaseName(this.config.schema, projector.name), logger },
        projector,
      ),
    );
    this.running.push(this.audit.startHeadTimer());
  }

  async beforeApplicationShutdown(): Promise<void> {
    // Before the database closes: the batch in flight commits with its checkpoint.
    await Promise.all(this.running.map((running) => running.stop()));
  }
}
