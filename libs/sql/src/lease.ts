import { messageOf } from './retry.js';
import type { SqlClient, SqlSession } from './sql-client.js';

export interface LeaseLogger {
  log(message: string): void;
  error(message: string): void;
}

/** What runs only while this process holds the lease. */
export interface LeasedWork {
  start(): void | Promise<void>;
  /** Must return once the work has stopped writing. */
  stop(): Promise<void>;
}

export interface LeaseOptions {
  sql: SqlClient;
  /** Names what is leased, such as `projection:ledger.statistics`; one holder per name per database. */
  name: string;
  /** Pause between two attempts of a waiting process. Default 1,000. */
  retryMs?: number;
  /** How often the holder checks that its session still answers. Default 2,000. */
  checkMs?: number;
  logger?: LeaseLogger;
}

/**
 * Runs `work` only while this process holds a PostgreSQL advisory lock named after the lease,
 * on a session of its own, until `signal` aborts. The lock lives as long as the session: when
 * the holder dies, PostgreSQL ends the session and a waiting process takes over at its next
 * attempt. A holder whose session stops answering stops its work before trying again, since it
 * can no longer be sure that it is alone.
 */
export async function runWhileLeased(
  options: LeaseOptions,
  work: LeasedWork,
  signal: AbortSignal,
): Promise<void> {
  const { sql, name } = options;
  const retryMs = options.retryMs ?? 1_000;
  const checkMs = options.checkMs ?? 2_000;
  const logger = options.logger ?? console;
  let waitingSaid = false;
  while (!signal.aborted) {
    let session: SqlSession | undefined;
    try {
      session = await sql.session();
      if (!(await tryLock(session, name))) {
        if (!waitingSaid) logger.log(`lease ${name}: another process holds it; standing by`);
        waitingSaid = true;
        await pause(retryMs, signal);
        continue;
      }
      waitingSaid = false;
      logger.log(`lease ${name}: acquired; starting`);
      await work.start();
      const lost = await held(session, checkMs, signal);
      await work.stop();
      if (lost) logger.error(`lease ${name}: lost (${lost.message}); stopped, trying to acquire it again`);
    } catch (err) {
      logger.error(`lease ${name}: ${messageOf(err)}; trying again`);
      await pause(retryMs, signal);
    } finally {
      await session
        ?.query('SELECT pg_advisory_unlock(hashtextextended($1, 0))', [name])
        .catch(() => undefined);
      await session?.close();
    }
  }
}

async function tryLock(session: SqlSession, name: string): Promise<boolean> {
  const { rows } = await session.query<{ acquired: boolean }>(
    'SELECT pg_try_advisory_lock(hashtextextended($1, 0)) AS acquired',
    [name],
  );
  return rows[0]?.acquired === true;
}

/** Resolves undefined when aborted, or the error that ended the session. */
async function held(session: SqlSession, checkMs: number, signal: AbortSignal): Promise<Error | undefined> {
  let lost: Error | undefined;
  void session.lost.then((err) => {
    lost = err;
  });
  while (!signal.aborted && !lost) {
    await Promise.race([pause(checkMs, signal), session.lost]);
    if (signal.aborted || lost) break;
    try {
      await session.query('SELECT 1');
    } catch (err) {
      lost = err instanceof Error ? err : new Error(String(err));
    }
  }
  return lost;
}

function pause(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    if (signal.aborted) return resolve();
    const timer = setTimeout(done, ms);
    function done() {
      clearTimeout(timer);
      signal.removeEventListener('abort', done);
      resolve();
    }
    signal.addEventListener('abort', done, { once: true });
  });
}

/** `runWhileLeased` in the background; `stop()` ends it and waits for the work to stop. */
export function startLeased(options: LeaseOptions, work: LeasedWork): { stop(): Promise<void> } {
  const controller = new AbortController();
  const done = runWhileLeased(options, work, controller.signal);
  return {
    async stop() {
      controller.abort();
      await done;
    },
  };
}
