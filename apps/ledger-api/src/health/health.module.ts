import { Module } from '@nestjs/common';
import { TerminusModule } from '@nestjs/terminus';
import { Draining } from '../infrastructure/http/draining.js';
import { HealthHttpController } from './health.http.controller.js';

@Module({
  imports: [TerminusModule.forRoot({ logger: false })],
  controllers: [HealthHttpController],
  providers: [Draining],
})
export class HealthModule {}
