import { Module } from '@nestjs/common';
import { AggregatesModule } from '../shared/aggregates.module.js';
import { ListReferenceDataHandler } from './list-reference-data/list-reference-data.handler.js';
import { ListReferenceDataHttpController } from './list-reference-data/list-reference-data.http.controller.js';
import { RegisterAgencyHandler } from './register-agency/register-agency.handler.js';
import { RegisterAgencyHttpController } from './register-agency/register-agency.http.controller.js';
import { RenameAgencyHandler } from './rename-agency/rename-agency.handler.js';
import { RenameAgencyHttpController } from './rename-agency/rename-agency.http.controller.js';
import { RetireAgencyHandler } from './retire-agency/retire-agency.handler.js';
import { RetireAgencyHttpController } from './retire-agency/retire-agency.http.controller.js';

@Module({
  imports: [AggregatesModule],
  controllers: [
    ListReferenceDataHttpController,
    RegisterAgencyHttpController,
    RenameAgencyHttpController,
    RetireAgencyHttpController,
  ],
  providers: [ListReferenceDataHandler, RegisterAgencyHandler, RenameAgencyHandler, RetireAgencyHandler],
})
export class ReferenceDataModule {}
