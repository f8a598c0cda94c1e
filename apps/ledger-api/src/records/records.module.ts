import { Module } from '@nestjs/common';
import { AggregatesModule } from '../shared/aggregates.module.js';
import { GetAggregateHistoryHandler } from './get-aggregate-history/get-aggregate-history.handler.js';
import { GetAggregateHistoryHttpController } from './get-aggregate-history/get-aggregate-history.http.controller.js';
import { GetAggregateStateHandler } from './get-aggregate-state/get-aggregate-state.handler.js';
import { GetAggregateStateHttpController } from './get-aggregate-state/get-aggregate-state.http.controller.js';

@Module({
  imports: [AggregatesModule],
  controllers: [GetAggregateStateHttpController, GetAggregateHistoryHttpController],
  providers: [GetAggregateStateHandler, GetAggregateHistoryHandler],
})
export class RecordsModule {}
