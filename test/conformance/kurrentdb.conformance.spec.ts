/**
 * The conformance suite against a real KurrentDB: KURRENTDB_URL, else a container, else skipped.
 *
 * $all is shared by everything on the server (other runs, other files, a developer's own
 * data), and the suite reads it: headPosition() and `readAll({ after: head })` must see only
 * this run's events. So every store here gets a stream prefix unique to the run, and the
 * adapter filters $all by it on the server; the suite's own stream names stay as they are.
 */
import { randomBytes } from 'node:crypto';
import { afterAll, describe, it } from '@jest/globals';
import { createKurrentDbEventStore } from '@ledger/event-store';
import { isSkipped, resolveKurrentDb } from '../support/infra.js';
import { describeEventStoreConformance } from './event-store.conformance.js';

const kurrentdb = await resolveKurrentDb();

if (isSkipped(kurrentdb)) {
  console.log(kurrentdb.skip);
  describe.skip(`event store conformance: KurrentDB (${kurrentdb.skip})`, () => {
    it('needs a KurrentDB server', () => undefined);
  });
} else {
  afterAll(() => kurrentdb.stop());
  const streamPrefix = `conformance-${randomBytes(6).toString('hex')}-`;

  describeEventStoreConformance('KurrentDB', async () => {
    const store = createKurrentDbEventStore(kurrentdb.url, {
      streamPrefix,
      resubscribe: { minDelayMs: 50, maxDelayMs: 1_000 },
    });
    return { store, dispose: () => store.close() };
  });
}
