import { NestFactory } from '@nestjs/core';
import type { NestExpressApplication } from '@nestjs/platform-express';
import type { LogLevel } from '@nestjs/common';
import type { LedgerConfig } from '@ledger/config';
import { RedactingLogger } from '@ledger/runtime';
import helmet from 'helmet';
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
    // Every line through the redacting logger: an error can quote a connection string or a token.
    logger:
      options.logger ??
      new RedactingLogger({ logLevels: LEVELS.slice(0, LEVELS.indexOf(config.logLevel) + 1) }),
  });
  app.useBodyParser('json', { limit: config.http.bodyLimit });
  app.disable('x-powered-by');
  // Security headers; the API docs page needs its own scripts and inline styles, nothing from elsewhere.
  app.use(
    helmet({
      contentSecurityPolicy: {
        directives: {
          defaultSrc: ["'self'"],
          scriptSrc: ["'self'"],
          styleSrc: ["'self'", "'unsafe-inline'"],
          imgSrc: ["'self'", 'data:'],
          // The embedded default serves plain http on loopback: an upgrade would break the docs page there.
          upgradeInsecureRequests: null,
        },
      },
    }),
  );
  // Closed unless origins are listed: a browser page elsewhere cannot call the ledger with a user's token.
  if (config.http.corsOrigins.length > 0) {
    app.enableCors({
      origin: config.http.corsOrigins,
      methods: ['GET', 'POST', 'PUT', 'DELETE'],
      allowedHeaders: ['authorization', 'content-type', 'idempotency-key', 'if-match'],
      exposedHeaders: ['location', 'etag', 'x-ledger-position', 'retry-after'],
      maxAge: 600,
    });
  }
  closeConnectionsWhenDraining(app);
  // main.ts stops on signals itself (see drainAndClose); embedded uses keep Nest's own hooks.
  if (options.shutdownHooks ?? true) app.enableShutdownHooks();
  setupOpenApi(app);
  return app;
}
