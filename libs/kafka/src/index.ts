export * from './topics.js';
export * from './cloud-events.js';
export { createKafka, type KafkaConnection, type KafkaLogger } from './kafka-client.js';
export { RelayCheckpoints, type RelayState, type RelayStatus } from './relay-checkpoints.js';
export {
  createConfiguredRelay,
  createKafkaRelay,
  DEFAULT_TOPIC_SETTINGS,
  KafkaRelay,
  relayLeaseName,
  relayProducerConfig,
  type KafkaRelayOptions,
  type RelayHealth,
  type RelayLogger,
  type RetryOptions,
  type TopicSettings,
} from './relay.js';
export * from './contract/index.js';
