import { Global, type MiddlewareConsumer, Module, type NestModule, RequestMethod } from '@nestjs/common';
import { EVENT_STORE, type EventStore } from '@ledger/event-store';
import { AccessLog } from './access-log.js';
import { LedgerAccessLog } from './ledger-access-log.js';
import { RequestContextMiddleware } from './request-context.js';

/**
 * The access log, for every module: `AccessLog` (the port need-to-know checks and the problem filter record
 * through) and `LedgerAccessLog` (the same instance, for the query that waits for its flush). Every request runs
 * in a request context that tells the log its method, path and caller's address.
 */
@Global()
@Module({
  providers: [
    {
      provide: LedgerAccessLog,
      inject: [EVENT_STORE],
      useFactory: (store: EventStore) => new LedgerAccessLog(store),
    },
    { provide: AccessLog, useExisting: LedgerAccessLog },
  ],
  exports: [AccessLog, LedgerAccessLog],
})
export class AccessLogModule implements NestModule {
  configure(consumer: MiddlewareConsumer): void {
    consumer.apply(RequestContextMiddleware).forRoutes({ path: '{*path}', method: RequestMethod.ALL });
  }
}
