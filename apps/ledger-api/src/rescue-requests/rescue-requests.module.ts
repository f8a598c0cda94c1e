import { Module } from '@nestjs/common';
import { AggregatesModule } from '../shared/aggregates.module.js';
import { CloseRescueRequestHandler } from './close-rescue-request/close-rescue-request.handler.js';
import { CloseRescueRequestHttpController } from './close-rescue-request/close-rescue-request.http.controller.js';
import { HandOverToImmigrationHandler } from './hand-over-to-immigration/hand-over-to-immigration.handler.js';
import { HandOverToImmigrationHttpController } from './hand-over-to-immigration/hand-over-to-immigration.http.controller.js';
import { InvestigateRescueRequestHandler } from './investigate-rescue-request/investigate-rescue-request.handler.js';
import { InvestigateRescueRequestHttpController } from './investigate-rescue-request/investigate-rescue-request.http.controller.js';
import { ReceiveRescueRequestHandler } from './receive-rescue-request/receive-rescue-request.handler.js';
import { ReceiveRescueRequestHttpController } from './receive-rescue-request/receive-rescue-request.http.controller.js';
import { RecordVictimsFoundHandler } from './record-victims-found/record-victims-found.handler.js';
import { RecordVictimsFoundHttpController } from './record-victims-found/record-victims-found.http.controller.js';

@Module({
  imports: [AggregatesModule],
  controllers: [
    CloseRescueRequestHttpController,
    HandOverToImmigrationHttpController,
    InvestigateRescueRequestHttpController,
    ReceiveRescueRequestHttpController,
    RecordVictimsFoundHttpController,
  ],
  providers: [
    CloseRescueRequestHandler,
    HandOverToImmigrationHandler,
    InvestigateRescueRequestHandler,
    ReceiveRescueRequestHandler,
    RecordVictimsFoundHandler,
  ],
})
export class RescueRequestsModule {}
