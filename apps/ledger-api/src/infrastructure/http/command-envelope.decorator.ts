import { createParamDecorator, type ExecutionContext } from '@nestjs/common';
import type { Request } from 'express';
import { v7 as uuidv7 } from 'uuid';
import type { Actor } from '@ledger/auth';
import { UnauthenticatedError } from '@ledger/auth';
import type { CommandEnvelope } from '../../shared/ledger-command.js';
import { IDEMPOTENCY_HEADER } from '../idempotency/idempotency.interceptor.js';
import { RequestValidationError } from './request-validation.js';

const REVISION = /^(?:W\/)?"?(\d{1,15})"?$/;
const CORRELATION = /^[\x21-\x7e]{1,128}$/;

/** Parses `If-Match: "3"` (or `3`) into the stream revision the client expects. */
export function parseIfMatch(header: string | undefined): number | undefined {
  if (header === undefined || header.trim() === '*') return undefined;
  const match = REVISION.exec(header.trim());
  if (!match) {
    throw new RequestValidationError([
      {
        field: 'If-Match',
        messages: ['If-Match must be the stream revision from a previous answer, e.g. "3"'],
      },
    ]);
  }
  return Number(match[1]);
}

/** Builds the envelope of a command from the authenticated request and its headers. */
export const Envelope = createParamDecorator((_: unknown, context: ExecutionContext): CommandEnvelope => {
  const request = context.switchToHttp().getRequest<Request & { actor?: Actor }>();
  if (!request.actor) throw new UnauthenticatedError('missing bearer token');
  const requestId = uuidv7();
  const correlation = request.header('x-correlation-id');
  if (correlation !== undefined && !CORRELATION.test(correlation)) {
    throw new RequestValidationError([
      { field: 'X-Correlation-Id', messages: ['X-Correlation-Id must be 1 to 128 visible ASCII characters'] },
    ]);
  }
  const expectedRevision = parseIfMatch(request.header('if-match'));
  const idempotencyKey = request.header(IDEMPOTENCY_HEADER);
  return {
    actor: request.actor,
    correlationId: correlation ?? requestId,
    causationId: requestId,
    ...(expectedRevision !== undefined ? { expectedRevision } : {}),
    ...(idempotencyKey !== undefined ? { idempotencyKey } : {}),
  };
});
