import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from '@jest/globals';
import { v7 as uuidv7 } from 'uuid';
import { createPostgresEventStore, type EventData } from '@ledger/event-store';
import { createPgliteClient } from '@ledger/sql';
import { describeEventStoreConformance } from './event-store.conformance.js';

describeEventStoreConformance('PGlite in memory', async () => {
  const sql = await createPgliteClient();
  const store = await createPostgresEventStore(sql);
  return {
    store,
    dispose: async () => {
      await store.close();
      await sql.close();
    },
  };
});

describe('PGlite event store on disk', () => {
  const event = (n: number): EventData => ({
    eventId: uuidv7(),
    type: 'Persisted',
    schemaVersion: 1,
    data: { n },
    metadata: {},
  });

  it('keeps events, revisions and positions across close and reopen, and keeps positions growing', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'ledger-pglite-'));
    try {
      const firstSql = await createPgliteClient({ dataDir: dir });
      const first = await createPostgresEventStore(firstSql);
      await first.appendToStream('case-durable', [event(1), event(2)], { expectedRevision: 'no_stream' });
      const last = await first.appendToStream('case-durable', [event(3)], { expectedRevision: 1 });
      const before = await first.readAll();
      await first.close();
      await firstSql.close();

      const secondSql = await createPgliteClient({ dataDir: dir });
      const second = await createPostgresEventStore(secondSql);
      try {
        expect(await second.readAll()).toEqual(before);
        expect(await second.headPosition()).toBe(last.position);
        const next = await second.appendToStream('case-durable', [event(4)], { expectedRevision: 2 });
        expect(next.nextRevision).toBe(3);
        // A checkpoint taken before the restart must still sit below everything appended after it.
        expect(next.position > last.position).toBe(true);
      } finally {
        await second.close();
        await secondSql.close();
      }
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});
