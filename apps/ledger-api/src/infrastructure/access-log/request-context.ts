import { AsyncLocalStorage } from 'node:async_hooks';
import { Injectable, type NestMiddleware } from '@nestjs/common';
import type { Request, Response } from 'express';
import { v7 as uuidv7 } from 'uuid';

/** What the access log needs to know about the request it is called in. Nothing from the body or the headers' secrets. */
export interface RequestContext {
  readonly method: string;
  /** The path asked for, without its query string (a query may carry search terms). */
  readonly resource: string;
  /** The caller's address as Express sees it (`req.ip`: the socket's peer, or what `trust proxy` allows). */
  readonly address: string;
  /** The client's `X-Correlation-Id` when well-formed, else this request's id. */
  readonly correlationId: string;
  /** A UUIDv7 per request: the causation of whatever the access log records for it. */
  readonly requestId: string;
}

/** Calls to `AccessLog.record` made outside a request (a background job) say so. */
export const OUTSIDE_A_REQUEST = { method: '-', resource: '-', address: 'internal' } as const;

const storage = new AsyncLocalStorage<RequestContext>();

/** The request the current code runs for, if any. */
export const currentRequest = (): RequestContext | undefined => storage.getStore();

/** Runs `fn` as if inside `context` (tests, and the middleware below). */
export const runInRequest = <T>(context: RequestContext, fn: () => T): T => storage.run(context, fn);

// Same rule as the command envelope's header (command-envelope.decorator.ts).
const CORRELATION = /^[\x21-\x7e]{1,128}$/;
/** A path is kept whole up to this length; a longer one (a probe, a fuzzer) is cut, and says so. */
const MAX_RESOURCE = 1024;

export function requestContextOf(request: Request): RequestContext {
  const url = request.originalUrl ?? request.url ?? '';
  const query = url.indexOf('?');
  const path = query === -1 ? url : url.slice(0, query);
  const resource = path.length > MAX_RESOURCE ? `${path.slice(0, MAX_RESOURCE)}…` : path;
  const requestId = uuidv7();
  const correlation = request.headers['x-correlation-id'];
  return {
    method: request.method,
    resource: resource === '' ? '/' : resource,
    // The same address the per-address request budget counts (security/rate-limits.ts); `trust proxy` is off
    // unless configured, so behind a proxy this is the proxy's address.
    address: request.ip ?? request.socket?.remoteAddress ?? 'unknown',
    correlationId: typeof correlation === 'string' && CORRELATION.test(correlation) ? correlation : requestId,
    requestId,
  };
}

/** Opens the request context before anything else of Nest runs for the request (guards, pipes, filters). */
@Injectable()
export class RequestContextMiddleware implements NestMiddleware {
  use(request: Request, _response: Response, next: () => void): void {
    storage.run(requestContextOf(request), next);
  }
}
