import { Module } from '@nestjs/common';
import { AggregateRepository } from './aggregate-repository.js';
import { LedgerAggregates } from './aggregates.js';
import { NeedToKnow } from './need-to-know.js';

@Module({
  providers: [AggregateRepository, LedgerAggregates, NeedToKnow],
  exports: [AggregateRepository, LedgerAggregates, NeedToKnow],
})
export class AggregatesModule {}
