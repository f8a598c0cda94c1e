import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { SIHANOUKVILLE_OPERATION_STEPS } from '@ledger/domain/fixtures';
import { replay } from '../support/command-routes.js';
import { ledgerBackends, type RunningLedger, startLedger } from '../support/ledger-app.js';

describe.each(await ledgerBackends())('health probes ($name)', (backend) => {
  describe('with the projector in this process', () => {
    let ledger: RunningLedger;
    beforeAll(async () => {
      ledger = await startLedger(backend);
    });
    afterAll(() => ledger?.close());

    it('answers live without a token', async () => {
      const { status, body } = await ledger.request('GET', '/health/live');
      expect(status).toBe(200);
      expect(body.status).toBe('ok');
    });

    it('is ready once the store, the database and the projection answer', async () => {
      const { status, body } = await ledger.request('GET', '/health/ready');
      expect({ status, body }).toMatchObject({ status: 200, body: { status: 'ok', error: {} } });
      expect(body.details).toMatchObject({
        database: { status: 'up' },
        eventStore: { status: 'up' },
        'projection:statistics': { status: 'up', behindEvents: 0 },
      });
      expect(body.details.kafka).toBeUndefined();
    });
  });

  describe('when no projector follows the log', () => {
    let ledger: RunningLedger;
    beforeAll(async () => {
      ledger = await startLedger(backend, { LEDGER_PROJECTOR: 'external', HEALTH_MAX_LAG_EVENTS: '3' });
    });
    afterAll(() => ledger?.close());

    it('is not ready once the projection is further behind than HEALTH_MAX_LAG_EVENTS, and says why', async () => {
      await replay(ledger, SIHANOUKVILLE_OPERATION_STEPS);
      // On a server, readers see an append once older transactions elsewhere have ended.
      let answer = await ledger.request('GET', '/health/ready');
      for (const deadline = Date.now() + 15_000; answer.status === 200 && Date.now() < deadline;) {
        await new Promise((resolve) => setTimeout(resolve, 50));
        answer = await ledger.request('GET', '/health/ready');
      }
      const { status, body } = answer;
      expect(status).toBe(503);
      expect(body.status).toBe('error');
      expect(body.error['projection:statistics'].error).toMatch(/^\d+ events behind the log, more than 3$/);
      expect(body.details.database.status).toBe('up');
      expect((await ledger.request('GET', '/health/live')).status).toBe(200);
    });
  });
});
