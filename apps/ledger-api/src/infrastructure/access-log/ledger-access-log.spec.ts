import { afterEach, beforeEach, describe, expect, it, jest } from '@jest/globals';
import { Logger } from '@nestjs/common';
import { Role } from '@ledger/auth';
import type { AppendResult, EventData, EventStore, ExpectedRevision } from '@ledger/event-store';
import { LedgerAccessLog, type LedgerAccessLogOptions } from './ledger-access-log.js';
import { runInRequest } from './request-context.js';

interface Append {
  streamId: string;
  events: EventData[];
  expectedRevision: ExpectedRevision | undefined;
}

/** Takes appends, or fails while `failing` is set; the access log needs nothing else of the store. */
class FakeStore {
  readonly appends: Append[] = [];
  failing = false;
  attempts = 0;

  async appendToStream(
    streamId: string,
    events: readonly EventData[],
    options?: { expectedRevision?: ExpectedRevision },
  ): Promise<AppendResult> {
    this.attempts += 1;
    if (this.failing) throw new Error('connection refused');
    this.appends.push({ streamId, events: [...events], expectedRevision: options?.expectedRevision });
    return { nextRevision: this.events().length - 1, position: BigInt(this.attempts) };
  }

  events(): EventData[] {
    return this.appends.flatMap((append) => append.events);
  }
}

const officer = { userId: 'officer@gdi', agencyId: 'gdi', role: Role.Officer };
const denied = (n: number) => ({
  outcome: 'denied' as const,
  actor: officer,
  permission: 'operation.plan',
  reason: `denial ${n}`,
});
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
/** Timers run late on a busy machine: wait for the condition rather than a fixed time. */
async function eventually(condition: () => boolean, timeoutMs = 5_000): Promise<void> {
  for (const start = Date.now(); !condition(); await sleep(5)) {
    if (Date.now() - start > timeoutMs) throw new Error('condition not met in time');
  }
}

describe('LedgerAccessLog', () => {
  let store: FakeStore;
  let errors: string[];
  const logs: LedgerAccessLog[] = [];

  const accessLog = (options: Partial<LedgerAccessLogOptions> = {}, now?: () => Date) => {
    const log = new LedgerAccessLog(
      store as unknown as EventStore,
      { retryFirstDelayMs: 5, ...options },
      now,
    );
    logs.push(log);
    return log;
  };

  beforeEach(() => {
    store = new FakeStore();
    errors = [];
    jest.spyOn(Logger.prototype, 'error').mockImplementation((message: unknown) => {
      errors.push(String(message));
    });
    jest.spyOn(Logger.prototype, 'log').mockImplementation(() => undefined);
  });
  afterEach(async () => {
    store.failing = false;
    for (const log of logs.splice(0)) await log.beforeApplicationShutdown();
    jest.restoreAllMocks();
  });

  it('appends entries in batches to the stream of their UTC day, in order, without an expected revision', async () => {
    const log = accessLog({ flushIntervalMs: 60_000, batchSize: 100 });
    for (let n = 0; n < 250; n++) log.record(denied(n));
    await log.flush();
    expect(store.appends.map((a) => a.events.length)).toEqual([100, 100, 50]);
    const today = new Date().toISOString().slice(0, 10);
    expect(new Set(store.appends.map((a) => a.streamId))).toEqual(new Set([`access-${today}`]));
    expect(store.appends.every((a) => a.expectedRevision === 'any')).toBe(true);
    expect(store.events().map((e) => (e.data as { reason: string }).reason)).toEqual(
      Array.from({ length: 250 }, (_, n) => `denial ${n}`),
    );
    expect(log.pending).toBe(0);
  });

  it('appends on its own after the flush interval', async () => {
    const log = accessLog({ flushIntervalMs: 20 });
    log.record(denied(1));
    expect(store.appends).toHaveLength(0);
    await eventually(() => store.events().length === 1);
  });

  it('writes the event and its envelope from the entry and the request it was recorded in', async () => {
    const log = accessLog({}, () => new Date('2022-09-19T23:59:59.999Z'));
    runInRequest(
      {
        method: 'POST',
        resource: '/operations/op-1/raids',
        address: '203.0.113.7',
        correlationId: 'corr-1',
        requestId: '0192f7a0-7c1e-7a51-b1a4-6f0c8f3b2d10',
      },
      () => log.record(denied(1)),
    );
    log.record({ outcome: 'sign-in-failed', reason: 'invalid bearer token' });
    await log.flush();
    const [inRequest, outside] = store.events();
    expect(store.appends[0]!.streamId).toBe('access-2022-09-19');
    expect(inRequest).toMatchObject({
      type: 'AccessLogged',
      schemaVersion: 1,
      data: {
        occurredAt: '2022-09-19T23:59:59.999Z',
        outcome: 'denied',
        actor: officer,
        address: '203.0.113.7',
        method: 'POST',
        resource: '/operations/op-1/raids',
        permission: 'operation.plan',
        reason: 'denial 1',
      },
      metadata: {
        correlationId: 'corr-1',
        causationId: '0192f7a0-7c1e-7a51-b1a4-6f0c8f3b2d10',
        actor: officer,
        occurredAt: '2022-09-19T23:59:59.999Z',
        recordedAt: '2022-09-19T23:59:59.999Z',
      },
    });
    expect(inRequest!.eventId).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-7/);
    expect(outside!.data).toEqual({
      occurredAt: '2022-09-19T23:59:59.999Z',
      outcome: 'sign-in-failed',
      address: 'internal',
      method: '-',
      resource: '-',
      reason: 'invalid bearer token',
    });
    expect(outside!.metadata).not.toHaveProperty('actor');
  });

  it('starts a new stream at midnight UTC', async () => {
    let now = new Date('2022-09-19T23:59:59.999Z');
    const log = accessLog({}, () => now);
    log.record(denied(1));
    now = new Date('2022-09-20T00:00:00.000Z');
    log.record(denied(2));
    await log.flush();
    expect(store.appends.map((a) => [a.streamId, a.events.length])).toEqual([
      ['access-2022-09-19', 1],
      ['access-2022-09-20', 1],
    ]);
  });

  it('keeps entries while the store fails, retries with backoff, and appends each once when it answers', async () => {
    const log = accessLog({ flushIntervalMs: 1, retryFirstDelayMs: 5, retryMaxDelayMs: 20 });
    store.failing = true;
    for (let n = 0; n < 3; n++) log.record(denied(n));
    await eventually(() => store.attempts > 2);
    expect(
      errors.some((line) => /could not append 3 access-log entries .*connection refused/.test(line)),
    ).toBe(true);
    store.failing = false;
    await log.flush();
    expect(store.events().map((e) => (e.data as { reason: string }).reason)).toEqual([
      'denial 0',
      'denial 1',
      'denial 2',
    ]);
  });

  it('holds at most maxBuffered entries and says how many it dropped, once per flush', async () => {
    const log = accessLog({ flushIntervalMs: 1, maxBuffered: 5, retryFirstDelayMs: 30, retryMaxDelayMs: 30 });
    store.failing = true;
    for (let n = 0; n < 8; n++) log.record(denied(n));
    expect(log.pending).toBe(5);
    await eventually(() => store.attempts > 0 && errors.some((line) => /dropped/.test(line)));
    const dropped = errors.filter((line) => /dropped/.test(line));
    expect(dropped).toEqual([expect.stringMatching(/^3 access-log entries were dropped.*at most 5$/)]);
    store.failing = false;
    await log.flush();
    expect(store.events()).toHaveLength(5);
    expect(errors.filter((line) => /dropped/.test(line))).toHaveLength(1);
  });

  it('never throws at the caller, even when it cannot build the entry', () => {
    const log = accessLog({}, () => {
      throw new Error('clock broken');
    });
    expect(() => log.record(denied(1))).not.toThrow();
    expect(errors).toEqual([expect.stringMatching(/could not record an access-log entry: clock broken/)]);
  });

  it('appends what is buffered on shutdown, before the store closes, and nothing after', async () => {
    const log = accessLog({ flushIntervalMs: 60_000 });
    for (let n = 0; n < 50; n++) log.record(denied(n));
    await sleep(20);
    expect(store.appends).toHaveLength(0);
    await log.beforeApplicationShutdown();
    expect(store.events()).toHaveLength(50);
    log.record(denied(50));
    await sleep(20);
    expect(store.events()).toHaveLength(50);
    expect(errors).toEqual([expect.stringMatching(/came after shutdown/)]);
  });

  it('gives up at the shutdown deadline when the store does not answer, and says how many were lost', async () => {
    const log = accessLog({ flushIntervalMs: 60_000, shutdownDeadlineMs: 100 });
    store.failing = true;
    log.record(denied(1));
    log.record(denied(2));
    await log.beforeApplicationShutdown();
    expect(errors.at(-1)).toMatch(/^2 access-log entries could not be appended within 100 ms of shutdown/);
    await expect(log.flush()).resolves.toBeUndefined();
  });
});
