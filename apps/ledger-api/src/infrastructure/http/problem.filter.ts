import { type ArgumentsHost, Catch, type ExceptionFilter, HttpException, Logger } from '@nestjs/common';
import type { Response } from 'express';
import {
  AgencyNotPermittedError,
  AggregateNotFoundError,
  DomainError,
  RuleViolationError,
} from '@ledger/domain';
import { DuplicateEventIdError, WrongExpectedRevisionError } from '@ledger/event-store';
import { AccessDeniedError, IdentityProviderUnavailableError, UnauthenticatedError } from '@ledger/auth';
import { type Problem, problem } from './problem.js';
import { RequestValidationError } from './request-validation.js';
import { IdempotencyConflictError } from '../idempotency/idempotency.errors.js';

/** Maps every error to problem details; nothing a client can send ends in a 5xx. */
@Catch()
export class ProblemFilter implements ExceptionFilter {
  private readonly logger = new Logger('HTTP');

  catch(error: unknown, host: ArgumentsHost): void {
    const response = host.switchToHttp().getResponse<Response>();
    const body = this.toProblem(error);
    if (body.status === 401) response.setHeader('WWW-Authenticate', 'Bearer');
    response.status(body.status).type('application/problem+json').json(body);
  }

  private toProblem(error: unknown): Problem {
    if (error instanceof RequestValidationError) {
      return problem(400, 'validation', error.message, { errors: error.errors });
    }
    if (error instanceof UnauthenticatedError) {
      return problem(401, 'unauthenticated', 'A valid bearer token is required.');
    }
    if (error instanceof IdentityProviderUnavailableError) {
      return problem(
        503,
        'identity-provider-unavailable',
        'The identity provider did not answer; try again.',
      );
    }
    if (error instanceof AccessDeniedError) {
      return problem(403, 'forbidden', error.reason, { permission: error.permission });
    }
    if (error instanceof AggregateNotFoundError) {
      return problem(404, 'not-found', error.message);
    }
    if (error instanceof WrongExpectedRevisionError) {
      return problem(409, 'concurrency-conflict', error.message, {
        streamId: error.streamId,
        expectedRevision: error.expected,
        currentRevision: error.actual === 'no_stream' ? null : error.actual,
      });
    }
    if (error instanceof DuplicateEventIdError) {
      return problem(409, 'duplicate-event', error.message);
    }
    if (error instanceof IdempotencyConflictError) {
      return problem(error.status, error.slug, error.message);
    }
    // Taking part is an access rule the domain knows (who participates in what): a denial, with its reason.
    if (error instanceof AgencyNotPermittedError) {
      return problem(403, 'forbidden', error.message, { rule: error.rule });
    }
    if (error instanceof RuleViolationError) {
      return problem(422, 'rule-violated', error.message, { rule: error.rule, details: error.details });
    }
    if (error instanceof DomainError) {
      return problem(422, 'rule-violated', error.message);
    }
    if (error instanceof HttpException) {
      const status = error.getStatus();
      if (status >= 500) this.logger.error(error.message, error.stack);
      return problem(status, 'http', error.message);
    }
    // body-parser's errors (malformed JSON, too large, bad charset) carry an exposable 4xx status.
    const status = (error as { status?: unknown; expose?: unknown })?.status;
    if (typeof status === 'number' && status >= 400 && status < 500) {
      return problem(status, 'bad-request-body', (error as Error).message);
    }
    this.logger.error(error instanceof Error ? (error.stack ?? error.message) : String(error));
    return problem(500, 'internal', 'The ledger could not complete this request.');
  }
}
