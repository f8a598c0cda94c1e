import { type ArgumentsHost, Catch, type ExceptionFilter, HttpException, Logger } from '@nestjs/common';
import type { Request, Response } from 'express';
import {
  AgencyNotPermittedError,
  AggregateNotFoundError,
  DomainError,
  RuleViolationError,
} from '@ledger/domain';
import { DuplicateEventIdError, WrongExpectedRevisionError } from '@ledger/event-store';
import {
  AccessDeniedError,
  type Actor,
  IdentityProviderUnavailableError,
  UnauthenticatedError,
} from '@ledger/auth';
import { InvalidIdentityError } from '@ledger/personal-data';
import { type Problem, problem } from './problem.js';
import { RequestValidationError } from './request-validation.js';
import { IdempotencyConflictError } from '../idempotency/idempotency.errors.js';
import { AccessLog, type AccessLogEntry } from '../access-log/access-log.js';

/**
 * Why a sign-in failed, from a fixed list: the access log keeps the category, never the token or anything a
 * client could smuggle into an error message.
 */
const SIGN_IN_FAILURES = new Set([
  'missing bearer token',
  'invalid bearer token',
  'token claims are incomplete',
]);

/** Maps every error to problem details; nothing a client can send ends in a 5xx. */
@Catch()
export class ProblemFilter implements ExceptionFilter {
  private readonly logger = new Logger('HTTP');

  constructor(private readonly accessLog: AccessLog) {}

  catch(error: unknown, host: ArgumentsHost): void {
    const http = host.switchToHttp();
    const response = http.getResponse<Response>();
    const body = this.toProblem(error);
    // Every failed sign-in and every denial goes into the access log (429s do not: the budgets bound them).
    const entry = accessLogEntry(error, body.status, http.getRequest<Request & { actor?: Actor }>());
    if (entry) this.accessLog.record(entry);
    if (body.status === 401) response.setHeader('WWW-Authenticate', 'Bearer');
    response.status(body.status).type('application/problem+json').json(body);
  }

  private toProblem(error: unknown): Problem {
    if (error instanceof RequestValidationError) {
      return problem(400, 'validation', error.message, { errors: error.errors });
    }
    // The identity's own checks, beyond what the DTO validates: the same shape as a DTO's field errors.
    if (error instanceof InvalidIdentityError) {
      return problem(400, 'validation', `identity.${error.message}`, {
        errors: [{ field: `identity.${error.field}`, messages: [error.problem] }],
      });
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

/** The access-log entry of a 401 or a 403: who (when the token was good), what was asked for, and why not. */
function accessLogEntry(
  error: unknown,
  status: number,
  request: { actor?: Actor } | undefined,
): AccessLogEntry | undefined {
  if (status === 401) {
    const reason =
      error instanceof UnauthenticatedError && SIGN_IN_FAILURES.has(error.message)
        ? error.message
        : 'invalid bearer token';
    return { outcome: 'sign-in-failed', reason };
  }
  if (status !== 403) return undefined;
  const actor = request?.actor;
  const who = actor ? { actor } : {};
  if (error instanceof AccessDeniedError) {
    return { outcome: 'denied', ...who, permission: error.permission, reason: error.reason };
  }
  if (error instanceof AgencyNotPermittedError) {
    return { outcome: 'denied', ...who, permission: `rule:${error.rule}`, reason: error.message };
  }
  return { outcome: 'denied', ...who, reason: error instanceof Error ? error.message : 'forbidden' };
}
