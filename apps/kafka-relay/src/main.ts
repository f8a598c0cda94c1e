/**
 * The Kafka relay as a process of its own, for deployments where ledger-api runs with
 * LEDGER_RELAY=external: publishes the event log to Kafka until SIGTERM.
 */
import { ConfigError } from '@ledger/config';
import { runWorkerProcess, untilAborted } from '@ledger/event-store';
import { createConfiguredRelay } from '@ledger/kafka';

runWorkerProcess('kafka-relay', async ({ config, sql, store, logger, signal }) => {
  if (!config.kafka) throw new ConfigError('KAFKA_BROKERS', 'is required: the relay publishes to Kafka');
  const relay = await createConfiguredRelay(config.kafka, { store, sql, schema: config.schema, logger });
  relay.start();
  await untilAborted(signal);
  await relay.stop();
  logger.log('stopped; checkpoint stored');
});
