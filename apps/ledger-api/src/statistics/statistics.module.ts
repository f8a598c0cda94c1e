import { Module } from '@nestjs/common';
import { AggregatesModule } from '../shared/aggregates.module.js';
import { GetAgencyStatisticsHandler } from './get-agency-statistics/get-agency-statistics.handler.js';
import { GetAgencyStatisticsHttpController } from './get-agency-statistics/get-agency-statistics.http.controller.js';
import { GetNationalStatisticsHandler } from './get-national-statistics/get-national-statistics.handler.js';
import { GetNationalStatisticsHttpController } from './get-national-statistics/get-national-statistics.http.controller.js';
import { GetProvinceStatisticsHandler } from './get-province-statistics/get-province-statistics.handler.js';
import { GetProvinceStatisticsHttpController } from './get-province-statistics/get-province-statistics.http.controller.js';
import { GetTimelineHandler } from './get-timeline/get-timeline.handler.js';
import { GetTimelineHttpController } from './get-timeline/get-timeline.http.controller.js';

@Module({
  imports: [AggregatesModule],
  controllers: [
    GetNationalStatisticsHttpController,
    GetProvinceStatisticsHttpController,
    GetAgencyStatisticsHttpController,
    GetTimelineHttpController,
  ],
  providers: [
    GetNationalStatisticsHandler,
    GetProvinceStatisticsHandler,
    GetAgencyStatisticsHandler,
    GetTimelineHandler,
  ],
})
export class StatisticsModule {}
