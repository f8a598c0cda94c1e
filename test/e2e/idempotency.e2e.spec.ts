import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { ledgerBackends, type RunningLedger, startLedger } from '../support/ledger-app.js';
import { LEAD, operationWithRaid, PARTICIPANT, planBody, streamSnapshot } from '../support/scenario.js';

const OP = 'op-idempotency';
const fine = (fineId: string, amountRiel = 4_000_000) => ({
  fineId,
  amountRiel,
  reason: 'unpaid work permit fees',
  raidId: 'raid-1',
  occurredAt: '2022-09-21T16:00:00+07:00',
});

describe.each(await ledgerBackends())('Idempotency-Key ($name)', (backend) => {
  let ledger: RunningLedger;
  let officer: string;

  beforeAll(async () => {
    ledger = await startLedger(backend);
    await operationWithRaid(ledger, OP);
    officer = await ledger.token(PARTICIPANT, 'officer');
  });
  afterAll(() => ledger?.close());

  const post = (body: unknown, key: string, token = officer) =>
    ledger.request('POST', `/operations/${OP}/fines`, { token, body, headers: { 'idempotency-key': key } });

  it('returns the first answer to a retry and appends nothing more', async () => {
    const first = await post(fine('fine-a'), 'key-a');
    const before = await streamSnapshot(ledger, `/operations/${OP}`);
    const retry = await post(fine('fine-a'), 'key-a');
    expect(first.status).toBe(201);
    expect(retry.status).toBe(201);
    expect(retry.body).toEqual(first.body);
    expect(retry.headers.get('idempotent-replayed')).toBe('true');
    expect(await streamSnapshot(ledger, `/operations/${OP}`)).toEqual(before);
  });

  it('refuses the same key with a different body with 422', async () => {
    await post(fine('fine-b'), 'key-b');
    const before = await streamSnapshot(ledger, `/operations/${OP}`);
    const other = await post(fine('fine-b2', 5_000_000), 'key-b');
    expect(other.status).toBe(422);
    expect(other.body.type).toBe('urn:coordination-ledger:problem:idempotency-key-reused');
    expect(await streamSnapshot(ledger, `/operations/${OP}`)).toEqual(before);
  });

  it('lets concurrent retries of one request append once', async () => {
    const before = await streamSnapshot(ledger, `/operations/${OP}`);
    const answers = await Promise.all(Array.from({ length: 8 }, () => post(fine('fine-c'), 'key-c')));
    const created = answers.filter((a) => a.status === 201);
    expect(created.length).toBeGreaterThanOrEqual(1);
    for (const answer of created) expect(answer.body).toEqual(created[0]!.body);
    // A retry that arrives while the first is still running is told to retry, never appended.
    for (const answer of answers.filter((a) => a.status !== 201)) expect(answer.status).toBe(409);
    expect(await streamSnapshot(ledger, `/operations/${OP}`)).toEqual({ events: before.events + 1 });
  });

  it('forgets a key whose request failed, so a corrected retry may use it', async () => {
    const invalid = await post({ ...fine('fine-d'), amountRiel: 0 }, 'key-d');
    expect(invalid.status).toBe(400);
    const corrected = await post(fine('fine-d'), 'key-d');
    expect(corrected.status).toBe(201);
  });

  it('keeps keys apart per caller', async () => {
    const mine = await post(fine('fine-e'), 'shared-key');
    const theirs = await post(
      fine('fine-f'),
      'shared-key',
      await ledger.token(PARTICIPANT, 'officer', 'another-officer'),
    );
    expect(mine.status).toBe(201);
    expect(theirs.status).toBe(201);
    expect(theirs.body.eventIds).not.toEqual(mine.body.eventIds);
  });

  it('replays the answer of a create command, generated id included', async () => {
    const token = await ledger.token(LEAD, 'coordinator');
    const { operationId: _omitted, ...body } = planBody('unused');
    const first = await ledger.request('POST', '/operations', {
      token,
      body,
      headers: { 'idempotency-key': 'plan-1' },
    });
    const retry = await ledger.request('POST', '/operations', {
      token,
      body,
      headers: { 'idempotency-key': 'plan-1' },
    });
    expect(first.status).toBe(201);
    expect(retry.body).toEqual(first.body);
    expect(first.body.streamId).toMatch(/^operation-[0-9a-f-]{36}$/);
  });
});
