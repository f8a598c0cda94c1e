/**
 * Reads the ledger's topics from the beginning with a consumer group, and hands each message,
 * parsed, to `onEvent`. Offsets are committed after `onEvent` returns, so a consumer that
 * crashes sees the messages it had not finished again: deduplicate on `ce_id` (ReceivedLedgerEvent.id).
 */
import { parseLedgerMessage, type ReceivedLedgerEvent } from '@ledger/kafka';
import type { Kafka } from 'kafkajs';

export interface Delivery {
  topic: string;
  partition: number;
  offset: string;
}

export interface LedgerConsumer {
  stop(): Promise<void>;
}

export async function consumeLedger(
  kafka: Kafka,
  options: {
    groupId: string;
    topics: readonly string[];
    onEvent: (event: ReceivedLedgerEvent, delivery: Delivery) => void | Promise<void>;
  },
): Promise<LedgerConsumer> {
  const consumer = kafka.consumer({ groupId: options.groupId });
  await consumer.connect();
  await consumer.subscribe({ topics: [...options.topics], fromBeginning: true });
  await consumer.run({
    eachMessage: async ({ topic, partition, message }) => {
      await options.onEvent(parseLedgerMessage(message), { topic, partition, offset: message.offset });
    },
  });
  return { stop: () => consumer.disconnect() };
}
