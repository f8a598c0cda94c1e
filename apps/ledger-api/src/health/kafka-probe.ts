import type { KafkaConfig } from '@ledger/config';
import { createKafka } from '@ledger/kafka';
import type { Admin } from 'kafkajs';

/** Asks the Kafka cluster for its brokers over one admin connection, reopened after a failure. */
export class KafkaProbe {
  private admin: Admin | undefined;

  constructor(private readonly config: KafkaConfig) {}

  async check(): Promise<{ brokers: number }> {
    try {
      if (!this.admin) {
        const admin = createKafka(this.config).admin();
        await admin.connect();
        this.admin = admin;
      }
      const { brokers } = await this.admin.describeCluster();
      return { brokers: brokers.length };
    } catch (err) {
      await this.close();
      throw err;
    }
  }

  async close(): Promise<void> {
    const admin = this.admin;
    this.admin = undefined;
    await admin?.disconnect().catch(() => undefined);
  }
}
