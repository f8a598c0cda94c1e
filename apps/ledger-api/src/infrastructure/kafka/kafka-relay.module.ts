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
import { createConfiguredRelay, relayLeaseName, type KafkaRelay } from '@ledger/kafka';
import { startLeased, type SqlClient } from '@ledger/sql';
import { SQL_CLIENT } from '../persistence/persistence.module.js';

// Nest's logger has the log/error pair the projector, relay and lease write to.
const logger = new Logger('KafkaRelay');
/** The relay, or null when the ledger does not publish to Kafka (KAFKA_BROKERS unset). */
export const KAFKA_RELAY = Symbol.for('ledger.KafkaRelay');
const RELAY_IN_PROCESS = Symbol.for('ledger.KafkaRelayInProcess');

/**
 * Publishing to Kafka. With KAFKA_BROKERS set, the relay runs in this process unless
 * LEDGER_RELAY=external (then apps/kafka-relay runs it, and this process only reports on it).
 */
@Global()
@Module({})
export class KafkaRelayModule implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private lease: { stop(): Promise<void> } | undefined;

  constructor(
    @Inject(KAFKA_RELAY) private readonly relay: KafkaRelay | null,
    @Inject(RELAY_IN_PROCESS) private readonly inProcess: boolean,
    @Inject(SQL_CLIENT) private readonly sql: SqlClient,
    @Inject(LEDGER_CONFIG) private readonly config: LedgerConfig,
  ) {}

  static register(config: LedgerConfig): DynamicModule {
    const kafka = config.kafka;
    return {
      module: KafkaRelayModule,
      providers: [
        { provide: RELAY_IN_PROCESS, useValue: kafka?.relay.mode === 'in-process' },
        {
          provide: KAFKA_RELAY,
          inject: [SQL_CLIENT, EVENT_STORE],
          useFactory: (sql: SqlClient, store: EventStore) =>
            kafka
              ? createConfiguredRelay(kafka, {
                  store,
                  sql,
                  schema: config.schema,
                  logger,
                })
              : null,
        },
      ],
      exports: [KAFKA_RELAY],
    };
  }

  onApplicationBootstrap(): void {
    if (!this.inProcess || !this.relay) return;
    // Several replicas may run in-process relays: the lease lets one publish at a time.
    this.lease = startLeased(
      {
        sql: this.sql,
        name: relayLeaseName(this.config.schema, this.relay.name),
        logger,
      },
      this.relay,
    );
  }

  async beforeApplicationShutdown(): Promise<void> {
    // Before the database closes: the batch in flight is acknowledged and its checkpoint stored.
    await this.lease?.stop();
  }
}
