import { createServer, type Server } from 'node:http';
import type { EventStore } from '@ledger/event-store';
import { messageOf, type SqlExecutor } from '@ledger/sql';

/** Resolves with details when healthy; throws, saying why, when not. */
export type HealthCheck = () => Promise<Record<string, unknown> | void>;

type CheckResult = { status: 'up' | 'down' } & Record<string, unknown>;

/** The shape ledger-api's /health/ready answers with (@nestjs/terminus), so every probe reads alike. */
export interface HealthReport {
  status: 'ok' | 'error';
  /** The checks that are up. */
  info: Record<string, CheckResult>;
  /** The checks that are down, with why. */
  error: Record<string, CheckResult>;
  details: Record<string, CheckResult>;
}

const CHECK_TIMEOUT_MS = 3_000;

/** Runs one check; one that takes longer than `timeoutMs` fails. */
export async function checkWithin(
  check: HealthCheck,
  timeoutMs = CHECK_TIMEOUT_MS,
): Promise<Record<string, unknown> | void> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  try {
    return await Promise.race([
      check(),
      new Promise<never>((_, reject) => {
        timer = setTimeout(() => reject(new Error(`no answer within ${timeoutMs} ms`)), timeoutMs);
      }),
    ]);
  } finally {
    clearTimeout(timer);
  }
}

/** Runs the checks side by side; one that takes longer than the timeout counts as down. */
export async function runHealthChecks(
  checks: Readonly<Record<string, HealthCheck>>,
  timeoutMs = CHECK_TIMEOUT_MS,
): Promise<HealthReport> {
  const entries = await Promise.all(
    Object.entries(checks).map(async ([name, check]) => {
      try {
        return [name, { status: 'up' as const, ...(await checkWithin(check, timeoutMs)) }] as const;
      } catch (err) {
        const error = messageOf(err);
        return [name, { status: 'down' as const, error }] as const;
      }
    }),
  );
  const report = Object.fromEntries(entries);
  const up = entries.filter(([, r]) => r.status === 'up');
  const down = entries.filter(([, r]) => r.status === 'down');
  return {
    status: down.length === 0 ? 'ok' : 'error',
    info: Object.fromEntries(up),
    error: Object.fromEntries(down),
    details: report,
  };
}

/** What `/health/ready` asks of the ledger's parts, in every process. */
export const HEALTH_CHECKS = {
  database:
    (sql: SqlExecutor): HealthCheck =>
    async () => {
      await sql.query('SELECT 1');
    },
  eventStore:
    (store: EventStore): HealthCheck =>
    async () => ({ head: String(await store.headPosition()) }),
  /** A follower of the log (a projection, the relay): not failed, and not further behind than `maxLagEvents`. */
  follower:
    (
      read: () => Promise<{ status: string; error: string | null; behindEvents: number }>,
      maxLagEvents: number,
    ): HealthCheck =>
    async () => {
      const { status, error, behindEvents } = await read();
      if (status === 'failed' || status === 'retrying') throw new Error(`${status}: ${error ?? 'no detail'}`);
      if (behindEvents > maxLagEvents) {
        throw new Error(`${behindEvents} events behind the log, more than ${maxLagEvents}`);
      }
      return { state: status, behindEvents };
    },
};

/**
 * `/health/live` and `/health/ready` over plain HTTP, for the processes that have no API
 * (projector, relay). Live answers while the event loop does; ready runs the checks.
 */
export async function serveHealth(
  port: number,
  host: string,
  ready: Readonly<Record<string, HealthCheck>>,
): Promise<{ port: number; close(): Promise<void> }> {
  const server: Server = createServer((request, response) => {
    const answer = (status: number, body: unknown) => {
      response.writeHead(status, { 'content-type': 'application/json' });
      response.end(JSON.stringify(body));
    };
    if (request.method !== 'GET') return answer(405, { status: 'error', error: 'GET only' });
    if (request.url === '/health/live') return answer(200, { status: 'ok' });
    if (request.url === '/health/ready') {
      void runHealthChecks(ready).then((report) => answer(report.status === 'ok' ? 200 : 503, report));
      return;
    }
    answer(404, { status: 'error', error: 'try /health/live or /health/ready' });
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => resolve());
  });
  const address = server.address();
  return {
    port: typeof address === 'object' && address ? address.port : port,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}
