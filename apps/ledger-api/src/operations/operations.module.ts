import { Module } from '@nestjs/common';
import { AggregatesModule } from '../shared/aggregates.module.js';
import { CloseJointOperationHandler } from './close-joint-operation/close-joint-operation.handler.js';
import { CloseJointOperationHttpController } from './close-joint-operation/close-joint-operation.http.controller.js';
import { DetainSuspectsHandler } from './detain-suspects/detain-suspects.handler.js';
import { DetainSuspectsHttpController } from './detain-suspects/detain-suspects.http.controller.js';
import { IdentifyOffencesHandler } from './identify-offences/identify-offences.handler.js';
import { IdentifyOffencesHttpController } from './identify-offences/identify-offences.http.controller.js';
import { IdentifyVictimsHandler } from './identify-victims/identify-victims.handler.js';
import { IdentifyVictimsHttpController } from './identify-victims/identify-victims.http.controller.js';
import { ImposeFineHandler } from './impose-fine/impose-fine.handler.js';
import { ImposeFineHttpController } from './impose-fine/impose-fine.http.controller.js';
import { JoinJointOperationHandler } from './join-joint-operation/join-joint-operation.handler.js';
import { JoinJointOperationHttpController } from './join-joint-operation/join-joint-operation.http.controller.js';
import { PlanJointOperationHandler } from './plan-joint-operation/plan-joint-operation.handler.js';
import { PlanJointOperationHttpController } from './plan-joint-operation/plan-joint-operation.http.controller.js';
import { RecordRaidHandler } from './record-raid/record-raid.handler.js';
import { RecordRaidHttpController } from './record-raid/record-raid.http.controller.js';
import { ReleaseDetaineeHandler } from './release-detainee/release-detainee.handler.js';
import { ReleaseDetaineeHttpController } from './release-detainee/release-detainee.http.controller.js';

@Module({
  imports: [AggregatesModule],
  controllers: [
    CloseJointOperationHttpController,
    DetainSuspectsHttpController,
    IdentifyOffencesHttpController,
    IdentifyVictimsHttpController,
    ImposeFineHttpController,
    JoinJointOperationHttpController,
    PlanJointOperationHttpController,
    RecordRaidHttpController,
    ReleaseDetaineeHttpController,
  ],
  providers: [
    CloseJointOperationHandler,
    DetainSuspectsHandler,
    IdentifyOffencesHandler,
    IdentifyVictimsHandler,
    ImposeFineHandler,
    JoinJointOperationHandler,
    PlanJointOperationHandler,
    RecordRaidHandler,
    ReleaseDetaineeHandler,
  ],
})
export class OperationsModule {}
