import { type DynamicModule, Module } from '@nestjs/common';
import { APP_FILTER, APP_INTERCEPTOR, APP_PIPE } from '@nestjs/core';
import { CqrsModule } from '@nestjs/cqrs';
import type { LedgerConfig } from '@ledger/config';
import { AuthModule } from './infrastructure/auth/auth.module.js';
import { PersistenceModule } from './infrastructure/persistence/persistence.module.js';
import { AccessLogModule } from './infrastructure/access-log/access-log.module.js';
import { AgencyRegisterModule } from './infrastructure/reference-data/agency-register.js';
import { ProblemFilter } from './infrastructure/http/problem.filter.js';
import { createValidationPipe } from './infrastructure/http/request-validation.js';
import { IdempotencyInterceptor } from './infrastructure/idempotency/idempotency.interceptor.js';
import { IdempotencyJanitor } from './infrastructure/idempotency/idempotency.janitor.js';
import { ReferenceDataModule } from './reference-data/reference-data.module.js';
import { OperationsModule } from './operations/operations.module.js';
import { CasesModule } from './cases/cases.module.js';
import { PersonsModule } from './persons/persons.module.js';
import { PersonalDataModule } from './infrastructure/personal-data/personal-data.module.js';
import { DeportationsModule } from './deportations/deportations.module.js';
import { RescueRequestsModule } from './rescue-requests/rescue-requests.module.js';
import { RecordsModule } from './records/records.module.js';
import { StatisticsModule } from './statistics/statistics.module.js';
import { ProjectionsModule } from './infrastructure/projections/projections.module.js';
import { KafkaRelayModule } from './infrastructure/kafka/kafka-relay.module.js';
import { AdminModule } from './admin/admin.module.js';
import { HealthModule } from './health/health.module.js';
import { AuditModule } from './audit/audit.module.js';

@Module({})
export class AppModule {
  static register(config: LedgerConfig): DynamicModule {
    return {
      module: AppModule,
      imports: [
        CqrsModule.forRoot(),
        PersistenceModule.register(config),
        AccessLogModule,
        AgencyRegisterModule,
        AuthModule.register(config),
        ProjectionsModule.register(config),
        KafkaRelayModule.register(config),
        ReferenceDataModule,
        OperationsModule,
        CasesModule,
        PersonalDataModule,
        PersonsModule,
        DeportationsModule,
        RescueRequestsModule,
        RecordsModule,
        StatisticsModule,
        AdminModule,
        AuditModule,
        HealthModule,
      ],
      providers: [
        { provide: APP_PIPE, useFactory: createValidationPipe },
        { provide: APP_FILTER, useClass: ProblemFilter },
        { provide: APP_INTERCEPTOR, useClass: IdempotencyInterceptor },
        IdempotencyJanitor,
      ],
    };
  }
}
