/**
 * The HTTP part's framework anchor: NestJS on Express with the ledger's own global ValidationPipe and the same
 * request DTO as `POST /operations`, answering a fixed 201 body. No guards, no handler, no database: what the
 * framework and input validation alone cost per request on this machine, a ceiling for any command.
 *
 *   PORT=… node framework-anchor.js
 */
import 'reflect-metadata';
import { Body, Controller, Module, Post } from '@nestjs/common';
import { APP_PIPE, NestFactory } from '@nestjs/core';

const API_DIST = new URL('../../../apps/ledger-api/dist/', import.meta.url);

// The built API's own modules, loaded at run time: the benchmark builds against the libraries, not the app.
const { createValidationPipe } = (await import(
  new URL('infrastructure/http/request-validation.js', API_DIST).href
)) as { createValidationPipe: () => unknown };
const { PlanJointOperationRequestDto } = (await import(
  new URL('operations/plan-joint-operation/plan-joint-operation.request.dto.js', API_DIST).href
)) as { PlanJointOperationRequestDto: new () => { operationId?: string } };

class PlanController {
  plan(body: { operationId?: string }) {
    return { streamId: `operation-${body.operationId}`, revision: 0, position: '1048576', eventIds: [] };
  }
}
// The decorators, applied by hand: the DTO's class is only known at run time.
const plan = Object.getOwnPropertyDescriptor(PlanController.prototype, 'plan') as PropertyDescriptor;
Reflect.defineMetadata('design:paramtypes', [PlanJointOperationRequestDto], PlanController.prototype, 'plan');
Body()(PlanController.prototype, 'plan', 0);
Post('')(PlanController.prototype, 'plan', plan);
Controller('operations')(PlanController);

class AnchorModule {}
Module({
  controllers: [PlanController],
  providers: [{ provide: APP_PIPE, useFactory: createValidationPipe }],
})(AnchorModule);

const app = await NestFactory.create(AnchorModule, { logger: ['error'] });
app.enableShutdownHooks();
await app.listen(Number(process.env.PORT), '127.0.0.1');
