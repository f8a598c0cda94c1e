import {
  Controller,
  Get,
  Inject,
  type OnApplicationShutdown,
  Res,
  ServiceUnavailableException,
} from '@nestjs/common';
import type { Response } from 'express';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import {
  HealthCheck,
  HealthCheckService,
  HealthIndicatorService,
  type HealthCheckResult,
  type HealthIndicatorFunction,
} from '@nestjs/terminus';
import { PublicRoute } from '@ledger/auth';
import { LEDGER_CONFIG, type LedgerConfig } from '@ledger/config';
import { EVENT_STORE, type EventStore } from '@ledger/event-store';
import type { KafkaRelay } from '@ledger/kafka';
import type { Projector } from '@ledger/read-models';
import { checkWithin, HEALTH_CHECKS, type HealthCheck as LedgerHealthCheck } from '@ledger/runtime';
import { messageOf, type SqlClient } from '@ledger/sql';
import { KAFKA_RELAY } from '../infrastructure/kafka/kafka-relay.module.js';
import { SQL_CLIENT } from '../infrastructure/persistence/persistence.module.js';
import { PROJECTORS } from '../infrastructure/projections/projections.module.js';
import { Draining } from '../infrastructure/http/draining.js';
import { KafkaProbe } from './kafka-probe.js';

/** Probes for load balancers and orchestrators; they carry no token. */
@ApiTags('health')
@PublicRoute()
@Controller('health')
export class HealthHttpController implements OnApplicationShutdown {
  private readonly checks: Record<string, LedgerHealthCheck>;
  private readonly kafka: KafkaProbe | undefined;

  constructor(
    private readonly health: HealthCheckService,
    private readonly indicators: HealthIndicatorService,
    @Inject(LEDGER_CONFIG) config: LedgerConfig,
    @Inject(SQL_CLIENT) sql: SqlClient,
    @Inject(EVENT_STORE) store: EventStore,
    @Inject(PROJECTORS) projectors: readonly Projector[],
    @Inject(KAFKA_RELAY) relay: KafkaRelay | null,
    draining: Draining,
  ) {
    this.kafka = config.kafka && new KafkaProbe(config.kafka);
    const { maxLagEvents } = config.health;
    this.checks = {
      // A load balancer stops sending work here first, while requests in flight finish.
      accepting: async () => {
        if (draining.active) throw new Error('shutting down');
      },
      database: HEALTH_CHECKS.database(sql),
      eventStore: HEALTH_CHECKS.eventStore(store),
      ...Object.fromEntries(
        projectors.map((projector) => [
          `projection:${projector.name}`,
          HEALTH_CHECKS.follower(() => projector.health(), maxLagEvents),
        ]),
      ),
      ...(this.kafka && { kafka: () => this.kafka!.check() }),
      ...(relay && { kafkaRelay: HEALTH_CHECKS.follower(() => relay.health(), maxLagEvents) }),
    };
  }

  @Get('live')
  @HealthCheck()
  @ApiOperation({ summary: 'Answers while the process serves requests' })
  live(): Promise<HealthCheckResult> {
    return this.health.check([]);
  }

  @Get('ready')
  @HealthCheck()
  @ApiOperation({
    summary:
      'Ready: the event store, the database and Kafka (when configured) answer, and projections and the relay are within HEALTH_MAX_LAG_EVENTS of the log',
  })
  async ready(@Res({ passthrough: true }) response: Response): Promise<HealthCheckResult> {
    try {
      return await this.health.check(
        Object.entries(this.checks).map(([name, check]) => this.indicator(name, check)),
      );
    } catch (err) {
      // The report itself, not a problem document: probes and operators read which part is down.
      if (!(err instanceof ServiceUnavailableException)) throw err;
      response.status(503);
      return err.getResponse() as HealthCheckResult;
    }
  }

  async onApplicationShutdown(): Promise<void> {
    await this.kafka?.close();
  }

  private indicator(name: string, check: LedgerHealthCheck): HealthIndicatorFunction {
    return async () => {
      const indicator = this.indicators.check(name);
      try {
        return indicator.up((await checkWithin(check)) ?? {});
      } catch (err) {
        return indicator.down({ error: messageOf(err) });
      }
    };
  }
}
