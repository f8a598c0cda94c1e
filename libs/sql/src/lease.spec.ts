import { afterAll, describe, expect, it } from '@jest/globals';
import { createPgClient, runWhileLeased, type LeasedWork, type SqlClient } from './index.js';

const url = process.env.DATABASE_URL;
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** One contender: its own client, work that records when it runs, and a way to end it. */
function contender(name: string, lease: string) {
  const sql: SqlClient = createPgClient({ connectionString: url ?? '', max: 2 });
  const stop = new AbortController();
  const state = { running: false, starts: 0, stops: 0 };
  const work: LeasedWork = {
    start: () => {
      state.running = true;
      state.starts += 1;
    },
    stop: async () => {
      state.running = false;
      state.stops += 1;
    },
  };
  const quiet = { log: () => undefined, error: () => undefined };
  const done = runWhileLeased(
    { sql, name: lease, retryMs: 100, checkMs: 100, logger: quiet },
    work,
    stop.signal,
  );
  return {
    name,
    state,
    sql,
    async end() {
      stop.abort();
      await done;
      await sql.close();
    },
  };
}

async function until(
  what: string,
  check: () => boolean | Promise<boolean>,
  timeoutMs = 10_000,
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting until ${what}`);
    await sleep(20);
  }
}

if (!url) {
  console.log('lease tests skipped: DATABASE_URL is not set (a lease needs sessions of a PostgreSQL server)');
  describe.skip('runWhileLeased (needs DATABASE_URL)', () => {
    it('needs a PostgreSQL server', () => undefined);
  });
} else {
  describe('runWhileLeased on a PostgreSQL server', () => {
    const contenders: ReturnType<typeof contender>[] = [];
    const join = (name: string, lease: string) => {
      const c = contender(name, lease);
      contenders.push(c);
      return c;
    };
    afterAll(async () => {
      await Promise.all(contenders.map((c) => c.end().catch(() => undefined)));
    });

    it('runs the work in one process at a time, and hands it over when the holder stops', async () => {
      const lease = `lease-spec-${Math.random().toString(36).slice(2)}`;
      const a = join('a', lease);
      await until('a runs', () => a.state.running);
      const b = join('b', lease);
      await sleep(500);
      expect(b.state.running).toBe(false);
      await a.end();
      expect(a.state).toMatchObject({ running: false, starts: 1, stops: 1 });
      await until('b takes over', () => b.state.running);
    });

    it('stops the work of a holder whose session ends, and lets another take over', async () => {
      const lease = `lease-spec-${Math.random().toString(36).slice(2)}`;
      const a = join('a', lease);
      await until('a runs', () => a.state.running);
      const b = join('b', lease);
      await sleep(300);
      expect(b.state.running).toBe(false);
      // What a network partition or a server restart does to the holder's session.
      const admin = createPgClient({ connectionString: url, max: 1 });
      const { rows } = await admin.query<{ terminated: boolean }>(
        `SELECT pg_terminate_backend(l.pid) AS terminated FROM pg_locks l
         WHERE l.locktype = 'advisory' AND l.granted
           AND l.classid::bigint = (hashtextextended($1, 0) >> 32) & 4294967295
           AND l.objid::bigint = hashtextextended($1, 0) & 4294967295`,
        [lease],
      );
      await admin.close();
      expect(rows).toEqual([{ terminated: true }]);
      await until('a stopped its work', () => a.state.stops === 1);
      await until('someone runs it again', () => a.state.running || b.state.running);
      expect(a.state.running && b.state.running).toBe(false);
    });
  });
}
