import { Module } from '@nestjs/common';
import { GetKafkaRelayHandler } from './get-kafka-relay/get-kafka-relay.handler.js';
import { GetKafkaRelayHttpController } from './get-kafka-relay/get-kafka-relay.http.controller.js';
import { GetProjectionsHandler } from './get-projections/get-projections.handler.js';
import { GetProjectionsHttpController } from './get-projections/get-projections.http.controller.js';
import { RebuildProjectionHandler } from './rebuild-projection/rebuild-projection.handler.js';
import { RebuildProjectionHttpController } from './rebuild-projection/rebuild-projection.http.controller.js';

/** What operators watch and steer: projections and the Kafka relay. */
@Module({
  controllers: [GetProjectionsHttpController, RebuildProjectionHttpController, GetKafkaRelayHttpController],
  providers: [GetProjectionsHandler, RebuildProjectionHandler, GetKafkaRelayHandler],
})
export class AdminModule {}
