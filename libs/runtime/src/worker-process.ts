import { ConfigError, loadConfig, type LedgerConfig } from '@ledger/config';
import { createPgClient, type SqlClient } from '@ledger/sql';
import { createEventStore, type EventStore } from '@ledger/event-store';
import { HEALTH_CHECKS, serveHealth, type HealthCheck } from './health.js';
import { redactSecrets } from './redact.js';

export interface WorkerLogger {
  log(message: string): void;
  error(message: string): void;
}

export interface WorkerContext {
  config: LedgerConfig;
  sql: SqlClient;
  store: EventStore;
  logger: WorkerLogger;
  /** Aborts on SIGTERM or SIGINT: the worker finishes what it has in flight and returns. */
  signal: AbortSignal;
  /**
   * Serves `/health/live` and `/health/ready` (the database, the store, and `checks`) on PORT,
   * when PORT is set: a worker has no other HTTP to offer, and its default port would clash
   * with ledger-api's on one machine.
   */
  serveHealth(checks: Readonly<Record<string, HealthCheck>>): Promise<void>;
}

/**
 * The frame of a process that follows the log beside ledger-api (apps/projector,
 * apps/kafka-relay): configuration, the store and its database, signals, one clear line and
 * exit code 1 on failure.
 */
export function runWorkerProcess(name: string, body: (context: WorkerContext) => Promise<void>): void {
  const stamp = (message: string) => redactSecrets(`${new Date().toISOString()} ${name} ${message}`);
  const logger: WorkerLogger = {
    log: (message) => console.log(stamp(message)),
    error: (message) => console.error(stamp(message)),
  };
  const run = async () => {
    const config = loadConfig();
    // PGlite lives inside one process: on the embedded default ledger-api runs every worker itself.
    if (config.database.kind !== 'server') {
      throw new ConfigError(
        'DATABASE_URL',
        `is required: on the embedded default ledger-api runs the ${name} itself`,
      );
    }
    const sql = createPgClient({ connectionString: config.database.url, max: 4 });
    const stop = new AbortController();
    for (const signal of ['SIGTERM', 'SIGINT'] as const) process.once(signal, () => stop.abort());
    try {
      const store = await createEventStore(config.eventStore, sql, { schema: config.schema });
      let health: { close(): Promise<void> } | undefined;
      try {
        await body({
          config,
          sql,
          store,
          logger,
          signal: stop.signal,
          async serveHealth(checks) {
            if (!process.env.PORT) return;
            health = await serveHealth(config.http.port, config.http.host, {
              database: HEALTH_CHECKS.database(sql),
              eventStore: HEALTH_CHECKS.eventStore(store),
              ...checks,
            });
            logger.log(`health at http://${config.http.host}:${config.http.port}/health/ready`);
          },
        });
      } finally {
        await health?.close();
        await store.close();
      }
    } finally {
      await sql.close();
    }
  };
  run().catch((error: unknown) => {
    logger.error(error instanceof Error ? error.message : String(error));
    process.exit(1);
  });
}
