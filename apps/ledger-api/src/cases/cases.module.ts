import { Module } from '@nestjs/common';
import { AggregatesModule } from '../shared/aggregates.module.js';
import { DismissCaseHandler } from './dismiss-case/dismiss-case.handler.js';
import { DismissCaseHttpController } from './dismiss-case/dismiss-case.http.controller.js';
import { OpenCaseHandler } from './open-case/open-case.handler.js';
import { OpenCaseHttpController } from './open-case/open-case.http.controller.js';
import { SendCaseToCourtHandler } from './send-case-to-court/send-case-to-court.handler.js';
import { SendCaseToCourtHttpController } from './send-case-to-court/send-case-to-court.http.controller.js';

@Module({
  imports: [AggregatesModule],
  controllers: [DismissCaseHttpController, OpenCaseHttpController, SendCaseToCourtHttpController],
  providers: [DismissCaseHandler, OpenCaseHandler, SendCaseToCourtHandler],
})
export class CasesModule {}
