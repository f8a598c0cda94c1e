import { Module } from '@nestjs/common';
import { AggregateRepository } from './aggregate-repository.js';
import { LedgerAggregates } from './aggregates.js';

@Module({
  providers: [AggregateRepository, LedgerAggregates],
  exports: [AggregateRepository, LedgerAggregates],
})
export class AggregatesModule {}
