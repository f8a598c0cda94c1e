/**
 * The Kafka relay as a process of its own, for deployments where ledger-api runs with
 * LEDGER_RELAY=external: publishes the event log to Kafka until SIGTERM.
 */
import { ConfigError } from '@ledger/config';
import { untilAborted } from '@ledger/event-store';
import { HEALTH_CHECKS, runWorkerProcess } from '@ledger/runtime';
import { createConfiguredRelay, relayLeaseName } from '@ledger/kafka';
import { startLeased } from '@ledger/sql';

runWorkerProcess('kafka-relay', async ({ config, sql, store, logger, signal, serveHealth }) => {
  if (!config.kafka) throw new ConfigError('KAFKA_BROKERS', 'is required: the relay publishes to Kafka');
  const relay = await createConfiguredRelay(config.kafka, { store, sql, schema: config.schema, logger });
  await serveHealth({ kafka: HEALTH_CHECKS.follower(() => relay.health(), config.health.maxLagEvents) });
  // One active relay per checkpoint across replicas; the others stand by.
  const lease = startLeased({ sql, name: relayLeaseName(config.schema, relay.name), logger }, relay);
  await untilAborted(signal);
  await lease.stop();
  logger.log('stopped; checkpoint stored');
});
