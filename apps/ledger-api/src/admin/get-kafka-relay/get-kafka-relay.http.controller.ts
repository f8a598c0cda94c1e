import { Controller, Get } from '@nestjs/common';
import { QueryBus } from '@nestjs/cqrs';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { type Actor, CurrentActor } from '@ledger/auth';
import { GetKafkaRelayQuery, type KafkaRelayView } from './get-kafka-relay.query.js';

@ApiTags('admin')
@Controller('admin/kafka-relay')
export class GetKafkaRelayHttpController {
  constructor(private readonly queries: QueryBus) {}

  @Get()
  @ApiOperation({ summary: 'The Kafka relay: status, checkpoint, events not yet acknowledged, last error' })
  get(@CurrentActor() actor: Actor): Promise<KafkaRelayView> {
    return this.queries.execute(new GetKafkaRelayQuery(actor, {}));
  }
}
