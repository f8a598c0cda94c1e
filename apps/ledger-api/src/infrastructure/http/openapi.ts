import type { INestApplication } from '@nestjs/common';
import { DocumentBuilder, SwaggerModule } from '@nestjs/swagger';

/** OpenAPI at /docs (UI) and /docs-json (document). */
export function setupOpenApi(app: INestApplication): void {
  const document = SwaggerModule.createDocument(
    app,
    new DocumentBuilder()
      .setTitle('Coordination Ledger')
      .setDescription(
        [
          'A shared, tamper-evident record of what the agencies fighting trafficking, illegal gambling and',
          'cross-border crime did. Every command appends immutable events; errors are RFC 9457 problem details.',
          '',
          'Commands accept `Idempotency-Key` (a retry returns the first answer and appends nothing) and',
          '`If-Match: "<revision>"` (optimistic concurrency: a stale revision answers 409).',
          'Get a token on the embedded default with `npm run token -- --agency gdi --role officer`.',
        ].join('\n'),
      )
      .setVersion('1')
      .addBearerAuth({ type: 'http', scheme: 'bearer', bearerFormat: 'JWT' })
      .addSecurityRequirements('bearer')
      .build(),
  );
  SwaggerModule.setup('docs', app, document, { jsonDocumentUrl: 'docs-json' });
}
