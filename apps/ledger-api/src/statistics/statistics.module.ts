import { Module } from '@nestjs/common';
import { GetAgencyStatisticsHandler } from './get-agency-statistics/get-agency-statistics.handler.js';
import { GetAgencyStatisticsHttpController } from './get-agency-statistics/get-agency-statistics.http.controller.js';
import { GetNationalStatisticsHandler } from './get-national-statistics/get-national-statistics.handler.js';
import { GetNationalStatisticsHttpController } from './get-national-statistics/get-national-statistics.http.controller.js';
import { GetProvinceStatisticsHandler } from './get-province-statistics/get-province-statistics.handler.js';
import { GetProvinceStatisticsHttpController } from './get-province-statistics/get-province-statistics.http.controller.js';
import { GetTimelineHandler } from './get-timeline/get-timeline.handler.js';
import { GetTimelineHttpController } from './get-timeline/get-timeline.http.controller.js';
import { GetProjectionsHandler } from '../admin/get-projections/get-projections.handler.js';
import { GetProjectionsHttpController } from '../admin/get-projections/get-projections.http.controller.js';
import { RebuildProjectionHandler } from '../admin/rebuild-projection/rebuild-projection.handler.js';
import { RebuildProjectionHttpController } from '../admin/rebuild-projection/rebuild-projection.http.controller.js';

@Module({
  controllers: [
    GetNationalStatisticsHttpController,
    GetProvinceStatisticsHttpController,
    GetAgencyStatisticsHttpController,
    GetTimelineHttpController,
    GetProjectionsHttpController,
    RebuildProjectionHttpController,
  ],
  providers: [
    GetNationalStatisticsHandler,
    GetProvinceStatisticsHandler,
    GetAgencyStatisticsHandler,
    GetTimelineHandler,
    GetProjectionsHandler,
    RebuildProjectionHandler,
  ],
})
export class StatisticsModule {}
