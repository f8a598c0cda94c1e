import { Module } from '@nestjs/common';
import { ListReferenceDataHandler } from './list-reference-data/list-reference-data.handler.js';
import { ListReferenceDataHttpController } from './list-reference-data/list-reference-data.http.controller.js';

@Module({
  controllers: [ListReferenceDataHttpController],
  providers: [ListReferenceDataHandler],
})
export class ReferenceDataModule {}
