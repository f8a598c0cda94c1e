import { Module } from '@nestjs/common';
import { AggregatesModule } from '../shared/aggregates.module.js';
import { CancelDeportationHandler } from './cancel-deportation/cancel-deportation.handler.js';
import { CancelDeportationHttpController } from './cancel-deportation/cancel-deportation.http.controller.js';
import { ExecuteDeportationHandler } from './execute-deportation/execute-deportation.handler.js';
import { ExecuteDeportationHttpController } from './execute-deportation/execute-deportation.http.controller.js';
import { OrderDeportationHandler } from './order-deportation/order-deportation.handler.js';
import { OrderDeportationHttpController } from './order-deportation/order-deportation.http.controller.js';

@Module({
  imports: [AggregatesModule],
  controllers: [
    CancelDeportationHttpController,
    ExecuteDeportationHttpController,
    OrderDeportationHttpController,
  ],
  providers: [CancelDeportationHandler, ExecuteDeportationHandler, OrderDeportationHandler],
})
export class DeportationsModule {}
