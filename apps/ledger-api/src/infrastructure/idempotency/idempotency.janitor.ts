import {
  Inject,
  Injectable,
  Logger,
  type OnApplicationBootstrap,
  type OnApplicationShutdown,
} from '@nestjs/common';
import { LEDGER_CONFIG, type LedgerConfig } from '@ledger/config';
import { IdempotencyStore } from './idempotency.store.js';

const HOUR_MS = 3_600_000;

/** Forgets idempotency keys after the configured retention, as clients are told in the docs. */
@Injectable()
export class IdempotencyJanitor implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger('Idempotency');
  private timer: NodeJS.Timeout | undefined;

  constructor(
    private readonly store: IdempotencyStore,
    @Inject(LEDGER_CONFIG) private readonly config: LedgerConfig,
  ) {}

  onApplicationBootstrap(): void {
    const purge = (): void => {
      this.store
        .purgeOlderThan(this.config.idempotency.retentionHours)
        .then((count) => count > 0 && this.logger.log(`forgot ${count} expired idempotency keys`))
        .catch((error: Error) => this.logger.warn(`purge failed: ${error.message}`));
    };
    this.timer = setInterval(purge, HOUR_MS).unref();
  }

  onApplicationShutdown(): void {
    clearInterval(this.timer);
  }
}
