import { Module } from '@nestjs/common';
import { AggregatesModule } from '../shared/aggregates.module.js';
import { DismissCaseHandler } from './dismiss-case/dismiss-case.handler.js';
import { DismissCaseHttpController } from './dismiss-case/dismiss-case.http.controller.js';
import { OpenCaseHandler } from './open-case/open-case.handler.js';
import { OpenCaseHttpController } from './open-case/open-case.http.controller.js';
import { SendCaseToCourtHandler } from './send-case-to-court/send-case-to-court.handler.js';
import { SendCaseToCourtHttpController } from './send-case-to-court/send-case-to-court.http.controller.js';
import { SealCaseHandler } from './seal-case/seal-case.handler.js';
import { SealCaseHttpController } from './seal-case/seal-case.http.controller.js';
import { UnsealCaseHandler } from './unseal-case/unseal-case.handler.js';
import { UnsealCaseHttpController } from './unseal-case/unseal-case.http.controller.js';
import { GrantCaseAccessHandler } from './grant-case-access/grant-case-access.handler.js';
import { GrantCaseAccessHttpController } from './grant-case-access/grant-case-access.http.controller.js';
import { RevokeCaseAccessHandler } from './revoke-case-access/revoke-case-access.handler.js';
import { RevokeCaseAccessHttpController } from './revoke-case-access/revoke-case-access.http.controller.js';

@Module({
  imports: [AggregatesModule],
  controllers: [
    DismissCaseHttpController,
    OpenCaseHttpController,
    SendCaseToCourtHttpController,
    SealCaseHttpController,
    UnsealCaseHttpController,
    GrantCaseAccessHttpController,
    RevokeCaseAccessHttpController,
  ],
  providers: [
    DismissCaseHandler,
    OpenCaseHandler,
    SendCaseToCourtHandler,
    SealCaseHandler,
    UnsealCaseHandler,
    GrantCaseAccessHandler,
    RevokeCaseAccessHandler,
  ],
})
export class CasesModule {}
