import { createHash } from 'node:crypto';
import {
  type CallHandler,
  type ExecutionContext,
  HttpStatus,
  Inject,
  Injectable,
  type NestInterceptor,
} from '@nestjs/common';
import { HTTP_CODE_METADATA } from '@nestjs/common/constants.js';
import type { Request, Response } from 'express';
import { from, lastValueFrom, type Observable } from 'rxjs';
import type { Actor } from '@ledger/auth';
import { RequestValidationError } from '../http/request-validation.js';
import { IdempotencyStore } from './idempotency.store.js';

export const IDEMPOTENCY_HEADER = 'idempotency-key';
const KEY_FORMAT = /^[\x21-\x7e]{1,255}$/;

/**
 * `Idempotency-Key` on any command: the first successful answer is stored and replayed for
 * the same key and body; the same key with another body is refused.
 */
@Injectable()
export class IdempotencyInterceptor implements NestInterceptor {
  constructor(@Inject(IdempotencyStore) private readonly store: IdempotencyStore) {}

  intercept(context: ExecutionContext, next: CallHandler): Observable<unknown> {
    const request = context.switchToHttp().getRequest<Request & { actor?: Actor }>();
    const key = request.header(IDEMPOTENCY_HEADER);
    if (request.method !== 'POST' || key === undefined || !request.actor) return next.handle();
    if (!KEY_FORMAT.test(key)) {
      throw new RequestValidationError([
        { field: 'Idempotency-Key', messages: ['Idempotency-Key must be 1 to 255 visible ASCII characters'] },
      ]);
    }
    const response = context.switchToHttp().getResponse<Response>();
    const status: number =
      Reflect.getMetadata(HTTP_CODE_METADATA, context.getHandler()) ?? HttpStatus.CREATED;
    return from(this.run(request, response, key, status, request.actor, next));
  }

  private async run(
    request: Request,
    response: Response,
    key: string,
    status: number,
    actor: Actor,
    next: CallHandler,
  ): Promise<unknown> {
    const scope = `${actor.agencyId}/${actor.userId}`;
    const fingerprint = createHash('sha256')
      .update(`${request.method} ${request.originalUrl}\n${JSON.stringify(request.body ?? null)}`)
      .digest('hex');
    const claim = await this.store.claim(scope, key, fingerprint);
    if (claim.kind === 'replay') {
      response.setHeader('Idempotent-Replayed', 'true');
      return claim.answer.body;
    }
    try {
      const body = await lastValueFrom(next.handle(), { defaultValue: undefined });
      await this.store.complete(scope, key, { status, body });
      return body;
    } catch (error) {
      // Only successful answers are kept: a failed command appended nothing and may be retried.
      await this.store.release(scope, key);
      throw error;
    }
  }
}
