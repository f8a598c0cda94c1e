import { readFileSync } from 'node:fs';
import kafkajs, { type Kafka, type KafkaConfig, type SASLOptions } from 'kafkajs';

export interface KafkaConnection {
  brokers: readonly string[];
  clientId: string;
  /** TLS to the brokers; `caFile` adds a private CA to the trusted ones. */
  ssl?: { caFile?: string } | undefined;
  sasl?:
    | { mechanism: 'plain' | 'scram-sha-256' | 'scram-sha-512'; username: string; password: string }
    | undefined;
}

export interface KafkaLogger {
  log(message: string): void;
  error(message: string): void;
}

/**
 * A kafkajs client whose own log lines (warnings and errors only: it reports every failed
 * connection attempt, and the relay already says what it does about them) go to `logger`.
 */
export function createKafka(connection: KafkaConnection, logger?: KafkaLogger): Kafka {
  const { logLevel } = kafkajs;
  const config: KafkaConfig = {
    clientId: connection.clientId,
    brokers: [...connection.brokers],
    // Fail a connection attempt quickly; the relay retries with its own backoff.
    connectionTimeout: 3_000,
    // kafkajs retries at several levels, which multiplies; the relay has its own backoff.
    retry: { retries: 3, initialRetryTime: 200, maxRetryTime: 2_000 },
    logLevel: logger ? logLevel.WARN : logLevel.NOTHING,
  };
  if (logger) {
    config.logCreator =
      () =>
      ({ level, log }) => {
        const line = `kafkajs ${log.message}${log.broker ? ` (broker ${String(log.broker)})` : ''}`;
        if (level === logLevel.ERROR) logger.error(line);
        else logger.log(line);
      };
  }
  if (connection.ssl) {
    config.ssl = connection.ssl.caFile ? { ca: [readFileSync(connection.ssl.caFile, 'utf8')] } : true;
  }
  if (connection.sasl) config.sasl = connection.sasl as SASLOptions;
  return new kafkajs.Kafka(config);
}
