import {
  type CanActivate,
  type ExecutionContext,
  HttpException,
  HttpStatus,
  Inject,
  Injectable,
} from '@nestjs/common';
import type { Request, Response } from 'express';
import type { Actor } from '@ledger/auth';
import { LEDGER_CONFIG, type LedgerConfig } from '@ledger/config';

const WINDOW_MS = 60_000;
/** Keys kept at most; the oldest windows go first (a flood of addresses cannot grow memory without bound). */
const MAX_KEYS = 100_000;

/**
 * A budget of requests per key and minute, in fixed windows. In-process: with several replicas a client gets a
 * budget per replica. (@nestjs/throttler would do the counting, but its CommonJS build cannot be loaded beside
 * the ESM-only NestJS 12 in Jest's ESM runtime: "Cannot require() ES Module … in a cycle".)
 */
export class RequestBudget {
  private readonly windows = new Map<string, { start: number; count: number }>();

  constructor(private readonly limit: number) {}

  /** Counts a request; the seconds until the window ends when the budget is spent, else undefined. */
  take(key: string, now = Date.now()): number | undefined {
    let window = this.windows.get(key);
    if (!window || now - window.start >= WINDOW_MS) {
      this.windows.delete(key);
      if (this.windows.size >= MAX_KEYS) this.windows.delete(this.windows.keys().next().value as string);
      window = { start: now, count: 0 };
      this.windows.set(key, window);
    }
    window.count += 1;
    if (window.count <= this.limit) return undefined;
    return Math.max(1, Math.ceil((window.start + WINDOW_MS - now) / 1000));
  }
}

export class TooManyRequestsError extends HttpException {
  constructor(readonly retryAfterSeconds: number) {
    super('Too many requests; try again later.', HttpStatus.TOO_MANY_REQUESTS);
  }
}

function enforce(budget: RequestBudget, key: string, context: ExecutionContext): true {
  const retryAfter = budget.take(key);
  if (retryAfter === undefined) return true;
  context.switchToHttp().getResponse<Response>().setHeader('retry-after', String(retryAfter));
  throw new TooManyRequestsError(retryAfter);
}

/**
 * The budget per client address, counted before the token is checked, so guessing tokens spends it too. Behind a
 * proxy, Express's `trust proxy` decides what `req.ip` is.
 */
@Injectable()
export class AddressRateLimitGuard implements CanActivate {
  private readonly budget: RequestBudget;

  constructor(@Inject(LEDGER_CONFIG) config: LedgerConfig) {
    this.budget = new RequestBudget(config.http.rateLimit.perAddress);
  }

  canActivate(context: ExecutionContext): boolean {
    const request = context.switchToHttp().getRequest<Request>();
    return enforce(this.budget, request.ip ?? 'unknown', context);
  }
}

/** The budget per authenticated actor, counted after the token: one user cannot starve an agency's others. */
@Injectable()
export class ActorRateLimitGuard implements CanActivate {
  private readonly budget: RequestBudget;

  constructor(@Inject(LEDGER_CONFIG) config: LedgerConfig) {
    this.budget = new RequestBudget(config.http.rateLimit.perActor);
  }

  canActivate(context: ExecutionContext): boolean {
    const actor = context.switchToHttp().getRequest<Request & { actor?: Actor }>().actor;
    // Public routes have no actor; the address budget covers them.
    return actor ? enforce(this.budget, `${actor.agencyId}/${actor.userId}`, context) : true;
  }
}
