import {
  type DynamicModule,
  type ExecutionContext,
  HttpException,
  HttpStatus,
  Injectable,
} from '@nestjs/common';
import type { Request, Response } from 'express';
import type { Actor } from '@ledger/auth';
import type { LedgerConfig } from '@ledger/config';
import {
  ThrottlerGuard,
  type ThrottlerLimitDetail,
  ThrottlerModule,
  type ThrottlerStorage,
  type ThrottlerStorageRecord,
} from './throttler.js';

const WINDOW_MS = 60_000;
/** Keys kept at most; the oldest windows go first (a flood of addresses cannot grow memory without bound). */
const MAX_KEYS = 100_000;

const ADDRESS = 'address';
const ACTOR = 'actor';

/**
 * Counts requests per key in fixed windows: O(1) per request and bounded in keys. (The throttler's own storage
 * keeps a timestamp per request in the window, which a generous budget turns into long arrays scanned on every
 * request.) In-process: with several replicas a client gets a budget per replica.
 */
export class FixedWindowStorage implements ThrottlerStorage {
  private readonly windows = new Map<string, { start: number; count: number }>();

  constructor(private readonly now: () => number = Date.now) {}

  increment(key: string, ttl: number, limit: number): Promise<ThrottlerStorageRecord> {
    const now = this.now();
    let window = this.windows.get(key);
    if (!window || now - window.start >= ttl) {
      this.windows.delete(key);
      if (this.windows.size >= MAX_KEYS) this.windows.delete(this.windows.keys().next().value as string);
      window = { start: now, count: 0 };
      this.windows.set(key, window);
    }
    window.count += 1;
    // Never less than a second, even at the very end of a window.
    const secondsLeft = Math.max(1, Math.ceil((window.start + ttl - now) / 1000));
    const isBlocked = window.count > limit;
    return Promise.resolve({
      totalHits: window.count,
      timeToExpire: secondsLeft,
      isBlocked,
      timeToBlockExpire: isBlocked ? secondsLeft : 0,
    });
  }
}

export class TooManyRequestsError extends HttpException {
  constructor(readonly retryAfterSeconds: number) {
    super('Too many requests; try again later.', HttpStatus.TOO_MANY_REQUESTS);
  }
}

const actorOf = (request: object): Actor | undefined => (request as { actor?: Actor }).actor;

/** The two budgets, per client address and per authenticated actor, each spanning every route. */
export function rateLimitModule(config: LedgerConfig): DynamicModule {
  return ThrottlerModule.forRoot({
    throttlers: [
      {
        name: ADDRESS,
        ttl: WINDOW_MS,
        limit: config.http.rateLimit.perAddress,
        // Behind a proxy, Express's `trust proxy` decides what `req.ip` is.
        getTracker: (request: Partial<Request>) => request.ip ?? 'unknown',
      },
      {
        name: ACTOR,
        ttl: WINDOW_MS,
        limit: config.http.rateLimit.perActor,
        getTracker: (request: object) => {
          const actor = actorOf(request);
          return actor ? `${actor.agencyId}/${actor.userId}` : '';
        },
        // Public routes have no actor; the address budget covers them.
        skipIf: (context: ExecutionContext) => !actorOf(context.switchToHttp().getRequest<object>()),
      },
    ],
    generateKey: (_context, tracker, name) => `${name}:${tracker}`,
    // Retry-After is set on refusal; quota headers would tell a token guesser how far it got.
    setHeaders: false,
    storage: new FixedWindowStorage(),
  });
}

/**
 * The throttler's guard, applying one of the budgets: the address budget runs before the token check (so guessing
 * tokens spends it), the actor budget after it. A refusal is a 429 with a plain Retry-After.
 */
abstract class BudgetGuard extends ThrottlerGuard {
  protected abstract readonly budget: string;

  /** Keeps only this guard's throttler: the other's is not looked at, let alone counted. */
  override async onModuleInit(): Promise<void> {
    await super.onModuleInit();
    this.throttlers = this.throttlers.filter((throttler) => throttler.name === this.budget);
  }

  protected override throwThrottlingException(
    context: ExecutionContext,
    detail: ThrottlerLimitDetail,
  ): Promise<void> {
    context.switchToHttp().getResponse<Response>().setHeader('retry-after', String(detail.timeToBlockExpire));
    return Promise.reject(new TooManyRequestsError(detail.timeToBlockExpire));
  }
}

@Injectable()
export class AddressRateLimitGuard extends BudgetGuard {
  protected readonly budget = ADDRESS;
}

/** One user cannot starve the rest of an agency. */
@Injectable()
export class ActorRateLimitGuard extends BudgetGuard {
  protected readonly budget = ACTOR;
}
