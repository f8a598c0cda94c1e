/**
 * A relay process, for the crash and takeover tests: publishes a PostgreSQL event store to Kafka until SIGTERM
 * (or until the test kills it). Log lines go to stdout, one per line.
 *
 *   DATABASE_URL=… KAFKA_BROKERS=… LEDGER_STORE_SCHEMA=… KAFKA_TOPIC_PREFIX=… \
 *     node --conditions=ledger-source --import ./test/support/ts-hooks.ts test/kafka/relay-process.ts
 */
import { createPostgresEventStore } from '@ledger/event-store';
import { createKafka, createKafkaRelay, relayLeaseName } from '@ledger/kafka';
import { createPgClient, startLeased } from '@ledger/sql';

function required(name: string): string {
  const value = process.env[name];
  if (!value) throw new Error(`${name} is not set`);
  return value;
}

const schema = required('LEDGER_STORE_SCHEMA');
const sql = createPgClient({ connectionString: required('DATABASE_URL'), max: 4 });
const store = await createPostgresEventStore(sql, { schema });
const logger = {
  log: (line: string) => process.stdout.write(`${line}\n`),
  error: (line: string) => process.stdout.write(`ERROR ${line}\n`),
};
const relay = await createKafkaRelay({
  store,
  sql,
  schema,
  kafka: createKafka({ brokers: required('KAFKA_BROKERS').split(','), clientId: 'relay-process' }, logger),
  topics: { prefix: required('KAFKA_TOPIC_PREFIX'), partitions: 3 },
  // Small batches: more of them are in flight when the test kills the process.
  batch: { maxEvents: 50, maxWaitMs: 5 },
  logger,
});
// As apps/kafka-relay does: one process publishes at a time, the others stand by.
const lease = startLeased({ sql, name: relayLeaseName(schema, relay.name), logger }, relay);
await new Promise((resolve) => process.once('SIGTERM', resolve));
await lease.stop();
await store.close();
await sql.close();
