import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { ledgerBackends, type RunningLedger, startLedger } from '../support/ledger-app.js';
import { operationWithRaid, PARTICIPANT, streamSnapshot } from '../support/scenario.js';

const CONCURRENT = 50;
const fine = (n: number) => ({
  fineId: `fine-${n}`,
  amountRiel: 1_000_000 + n,
  reason: 'unpaid work permit fees',
  occurredAt: '2022-09-21T16:00:00+07:00',
});

describe.each(await ledgerBackends())('50 concurrent commands on one operation ($name)', (backend) => {
  let ledger: RunningLedger;
  let officer: string;

  beforeAll(async () => {
    ledger = await startLedger(backend);
    officer = await ledger.token(PARTICIPANT, 'officer');
  });
  afterAll(() => ledger?.close());

  it('lets exactly one of 50 commands based on the same revision win, and answers the rest 409', async () => {
    await operationWithRaid(ledger, 'op-race-if-match');
    const current = await ledger.request('GET', '/operations/op-race-if-match', { token: officer });
    const answers = await Promise.all(
      Array.from({ length: CONCURRENT }, (_, n) =>
        ledger.request('POST', '/operations/op-race-if-match/fines', {
          token: officer,
          body: fine(n),
          headers: { 'if-match': `"${current.body.revision}"` },
        }),
      ),
    );
    const statuses = answers.map((a) => a.status);
    expect(statuses.filter((s) => s === 201)).toHaveLength(1);
    expect(statuses.filter((s) => s === 409)).toHaveLength(CONCURRENT - 1);
    for (const conflict of answers.filter((a) => a.status === 409)) {
      expect(conflict.body.currentRevision).toBeGreaterThanOrEqual(current.body.revision);
    }
    expect(await streamSnapshot(ledger, '/operations/op-race-if-match')).toEqual({
      events: current.body.revision + 2,
    });
  });

  it('loses no update: every command answered 201 is in the stream, and every other one was a 409', async () => {
    await operationWithRaid(ledger, 'op-race');
    const before = await streamSnapshot(ledger, '/operations/op-race');
    const answers = await Promise.all(
      Array.from({ length: CONCURRENT }, (_, n) =>
        ledger.request('POST', '/operations/op-race/fines', { token: officer, body: fine(n) }),
      ),
    );
    const created = answers.filter((a) => a.status === 201);
    expect(answers.filter((a) => a.status !== 201).every((a) => a.status === 409)).toBe(true);
    const state = await ledger.request('GET', '/operations/op-race', { token: officer });
    const recorded = Object.keys(state.body.state.fines).sort();
    const acknowledged = created
      .map((a) => answers.indexOf(a))
      .map((n) => `fine-${n}`)
      .sort();
    expect(recorded).toEqual(acknowledged);
    expect(new Set(created.map((a) => a.body.revision)).size).toBe(created.length);
    expect(await streamSnapshot(ledger, '/operations/op-race')).toEqual({
      events: before.events + created.length,
    });
  });
});
