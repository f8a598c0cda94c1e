import { NestFactory } from '@nestjs/core';
import type { NestExpressApplication } from '@nestjs/platform-express';
import type { LogLevel } from '@nestjs/common';
import type { LedgerConfig } from '@ledger/config';
import { AppModule } from './app.module.js';
import { setupOpenApi } from './infrastructure/http/openapi.js';
import { closeConnectionsWhenDraining } from './infrastructure/http/draining.js';

const LEVELS: LogLevel[] = ['error', 'warn', 'log', 'debug', 'verbose'];

/** Builds the HTTP application; main.ts listens on it, the end-to-end tests drive it. */
export async function createLedgerApp(
  config: LedgerConfig,
  options: { logger?: false; shutdownHooks?: boolean } = {},
): Promise<NestExpressApplication> {
  const app = await NestFactory.create<NestExpressApplication>(AppModule.register(config), {
    bodyParser: false,
    logger: options.logger ?? LEVELS.slice(0, LEVELS.indexOf(config.logLevel) + 1),
  });
  app.useBodyParser('json', { limit: config.http.bodyLimit });
  app.disable('x-powered-by');
  closeConnectionsWhenDraining(app);
  // main.ts stops on signals itself (see drainAndClose); embedded uses keep Nest's own hooks.
  if (options.shutdownHooks ?? true) app.enableShutdownHooks();
  setupOpenApi(app);
  return app;
}
