/**
 * Two projector processes on one projection: one holds the lease and works, the other stands by.
 * The active one is killed with SIGKILL while writers append; the standby must take over within
 * seconds, from the stored checkpoint, with nothing lost or counted twice.
 */
import { afterAll, beforeAll, expect, it } from '@jest/globals';
import { createPostgresEventStore, type EventStore } from '@ledger/event-store';
import { syntheticEventData, syntheticOperation } from '@ledger/read-models/fixtures';
import { createPgClient, type SqlClient } from '@ledger/sql';
import { uniqueSchemaName } from '../support/infra.js';
import {
  cleanRun,
  describeOnServer,
  killProjector,
  readModels,
  sleep,
  spawnProjector,
  until,
  type ProjectorProcess,
} from './support.js';

const acquired = (p: ProjectorProcess) => p.output.some((line) => line.includes('acquired; starting'));
const standingBy = (p: ProjectorProcess) => p.output.some((line) => line.includes('standing by'));

describeOnServer('a standby projector process when the active one dies', (url) => {
  let sql: SqlClient;
  let store: EventStore;
  const storeSchema = uniqueSchemaName('rm_lease_store');
  const schema = uniqueSchemaName('rm_lease');
  const cleanSchemas: string[] = [];
  const processes: ProjectorProcess[] = [];

  beforeAll(async () => {
    sql = createPgClient({ connectionString: url, max: 8 });
    store = await createPostgresEventStore(sql, { schema: storeSchema });
  });
  afterAll(async () => {
    await Promise.all(processes.map((p) => killProjector(p)));
    await store.close();
    for (const s of [storeSchema, schema, ...cleanSchemas])
      await sql.query(`DROP SCHEMA IF EXISTS "${s}" CASCADE`);
    await sql.close();
  });

  it('takes over within seconds from the checkpoint, with nothing lost or counted twice', async () => {
    let writing = true;
    let operations = 0;
    let lastAppended = 0n;
    const writers = Promise.all(
      Array.from({ length: 3 }, async () => {
        while (writing) {
          for (const append of syntheticOperation(7, operations++)) {
            const { position } = await store.appendToStream(append.streamId, [syntheticEventData(append)]);
            if (position > lastAppended) lastAppended = position;
          }
        }
      }),
    );
    try {
      const first = spawnProjector({ url, applicationName: 'rm_lease_a', storeSchema, schema });
      processes.push(first);
      await until('the first process holds the lease', async () => acquired(first), 30_000);
      const second = spawnProjector({ url, applicationName: 'rm_lease_b', storeSchema, schema });
      processes.push(second);
      await until('the second process stands by', async () => standingBy(second), 30_000);
      await sleep(1_000);
      expect(acquired(second)).toBe(false);

      await killProjector(first);
      const killedAt = Date.now();
      await until('the standby takes over', async () => acquired(second), 15_000);
      const takeoverMs = Date.now() - killedAt;
      console.log(`lease takeover: the standby started ${takeoverMs} ms after the active process was killed`);
      expect(takeoverMs).toBeLessThan(10_000);
      await sleep(1_000);
    } finally {
      writing = false;
      await writers;
    }
    // Other tests' transactions on the server may hold back what readers see for a while.
    await until('every append is visible', async () => (await store.headPosition()) >= lastAppended, 30_000);
    const head = await store.headPosition();
    const survivorOutput = () => (processes[1] as ProjectorProcess).output.join('\n');
    await until(
      'the standby caught up',
      async () => {
        const { rows } = await sql.query<{ checkpoint: bigint }>(
          `SELECT checkpoint FROM "${schema}".projections WHERE name = 'statistics'`,
        );
        return (rows[0]?.checkpoint ?? 0n) >= head;
      },
      30_000,
    ).catch(async (err: unknown) => {
      const { rows } = await sql.query(`SELECT * FROM "${schema}".projections`);
      throw new Error(
        `${String(err)}; head ${head}; registry ${JSON.stringify(rows, (_k, v) => (typeof v === 'bigint' ? String(v) : v))}; survivor:\n${survivorOutput()}`,
      );
    });
    const survivor = processes[1] as ProjectorProcess;
    expect(survivor.output.filter((line) => line.startsWith('ERROR'))).toEqual([]);
    const db = {
      name: 'PostgreSQL',
      sql,
      store,
      newSchema: () => {
        const s = uniqueSchemaName('rm_lease_clean');
        cleanSchemas.push(s);
        return s;
      },
    };
    expect(await readModels(sql, schema)).toEqual(await cleanRun(db));
  }, 120_000);
});
