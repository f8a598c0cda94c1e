import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { HEALTH_CHECKS, runHealthChecks, serveHealth } from './health.js';

describe('health checks of the worker processes', () => {
  it('is ok only when every check is up, and names the ones that are down with why', async () => {
    const report = await runHealthChecks(
      {
        database: async () => undefined,
        projection: HEALTH_CHECKS.follower(
          async () => ({ status: 'running', error: null, behindEvents: 12 }),
          10,
        ),
        slow: () => new Promise(() => undefined),
      },
      50,
    );
    expect(report).toEqual({
      status: 'error',
      info: { database: { status: 'up' } },
      error: {
        projection: { status: 'down', error: '12 events behind the log, more than 10' },
        slow: { status: 'down', error: 'no answer within 50 ms' },
      },
      details: expect.objectContaining({ database: { status: 'up' } }),
    });
  });

  it('treats a failed or retrying follower as down, whatever its lag', async () => {
    for (const status of ['failed', 'retrying']) {
      const check = HEALTH_CHECKS.follower(
        async () => ({ status, error: 'broker down', behindEvents: 0 }),
        10,
      );
      await expect(check()).rejects.toThrow(`${status}: broker down`);
    }
  });

  describe('over HTTP', () => {
    let server: Awaited<ReturnType<typeof serveHealth>>;
    let healthy = true;
    beforeAll(async () => {
      server = await serveHealth(0, '127.0.0.1', {
        kafka: async () => {
          if (!healthy) throw new Error('no broker answers');
        },
      });
    });
    afterAll(() => server.close());
    const get = async (path: string) => {
      const response = await fetch(`http://127.0.0.1:${server.port}${path}`);
      return { status: response.status, body: (await response.json()) as Record<string, unknown> };
    };

    it('answers live, and ready with 200 or 503 as the checks go', async () => {
      expect(await get('/health/live')).toEqual({ status: 200, body: { status: 'ok' } });
      expect((await get('/health/ready')).status).toBe(200);
      healthy = false;
      const ready = await get('/health/ready');
      expect(ready.status).toBe(503);
      expect(ready.body.error).toEqual({ kafka: { status: 'down', error: 'no broker answers' } });
      expect((await get('/metrics')).status).toBe(404);
    });
  });
});
