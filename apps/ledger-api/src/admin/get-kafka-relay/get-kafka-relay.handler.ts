import { Inject, NotFoundException } from '@nestjs/common';
import { type IQueryHandler, QueryHandler } from '@nestjs/cqrs';
import { Permission, requireAccess } from '@ledger/auth';
import type { KafkaRelay } from '@ledger/kafka';
import { KAFKA_RELAY } from '../../infrastructure/kafka/kafka-relay.module.js';
import { GetKafkaRelayQuery, type KafkaRelayView, kafkaRelayView } from './get-kafka-relay.query.js';

@QueryHandler(GetKafkaRelayQuery)
export class GetKafkaRelayHandler implements IQueryHandler<GetKafkaRelayQuery> {
  constructor(@Inject(KAFKA_RELAY) private readonly relay: KafkaRelay | null) {}

  async execute({ actor }: GetKafkaRelayQuery): Promise<KafkaRelayView> {
    requireAccess({ actor, permission: Permission.StatisticsRead });
    if (!this.relay)
      throw new NotFoundException('This ledger does not publish to Kafka: KAFKA_BROKERS is not set.');
    return kafkaRelayView(await this.relay.health());
  }
}
