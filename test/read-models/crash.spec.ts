/**
 * Crash test: a real projector process (test/read-models/projector-process.ts, plain `node`) is
 * killed with SIGKILL at random points while many writers append, then started again. At the
 * end its read models must equal a clean run from position 0, with every event counted once.
 *
 * Kill points, in turn: while the process starts (opening its tables), at a random moment while
 * it follows the log, the moment PostgreSQL shows one of its batch transactions open (a batch in
 * flight), and while it rebuilds the projection beside following the log. Needs a PostgreSQL
 * server: PGlite cannot be shared by two processes.
 */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { createPostgresEventStore, type EventStore } from '@ledger/event-store';
import { syntheticEventData, syntheticOperation } from '@ledger/read-models/fixtures';
import { createPgClient, type SqlClient } from '@ledger/sql';
import { isSkipped, uniqueSchemaName } from '../support/infra.js';
import {
  cleanRun,
  killProjector,
  postgres,
  projectorOn,
  readModels,
  releasePostgres,
  sleep,
  spawnProjector,
  until,
  type ProjectorProcess,
  type TestDatabase,
} from './support.js';

const WRITERS = 8;
/** Kill rounds at least; more (up to KILL_PHASE_MS) until enough kills caught a batch in flight. */
const KILLS = 12;
const KILLS_IN_FLIGHT = 3;
const KILL_PHASE_MS = 35_000;
const SEED = 99;

type KillPoint = 'starting' | 'following' | 'batch in flight' | 'rebuilding';
const KILL_POINTS: readonly KillPoint[] = ['starting', 'following', 'batch in flight', 'rebuilding'];

interface Kill {
  point: KillPoint;
  /** PostgreSQL showed a batch transaction of the process open right before the kill. */
  inFlight: boolean;
  /** A rebuild had started and not switched yet: its generation was left behind. */
  rebuildInterrupted: boolean;
  checkpoint: bigint;
}

if (isSkipped(postgres)) {
  console.log(postgres.skip);
  describe.skip(`a projector process killed at random points (${postgres.skip})`, () => {
    it('needs a PostgreSQL server', () => undefined);
  });
} else {
  const url = postgres.url;

  describe('a projector process killed with SIGKILL at random points while writers append', () => {
    let sql: SqlClient;
    let store: EventStore;
    const storeSchema = uniqueSchemaName('rm_crash_store');
    const schemas = [storeSchema];
    const db = (): TestDatabase => ({
      name: 'PostgreSQL',
      sql,
      store,
      newSchema() {
        const schema = uniqueSchemaName('rm_crash');
        schemas.push(schema);
        return schema;
      },
    });

    beforeAll(async () => {
      sql = createPgClient({ connectionString: url, max: WRITERS + 6 });
      store = await createPostgresEventStore(sql, { schema: storeSchema });
    });
    afterAll(async () => {
      await store?.close();
      for (const schema of schemas) await sql?.query(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`);
      await sql?.close();
      await releasePostgres();
    });

    let started = 0;
    function startProjector(schema: string, rebuild = false): ProjectorProcess {
      return spawnProjector({
        url,
        applicationName: `rm_crash_${process.pid}_${++started}`,
        storeSchema,
        schema,
        rebuild,
      });
    }

    const kill = killProjector;

    /**
     * True while one of the process's batch transactions is open: between two of its statements,
     * or running one that only a batch runs (writing a generation's tables, looking facts up).
     */
    async function batchInFlight(projector: ProjectorProcess): Promise<boolean> {
      const { rows } = await sql.query<{ open: boolean }>(
        `SELECT EXISTS (
           SELECT 1 FROM pg_stat_activity
           WHERE application_name = $1
             AND (state = 'idle in transaction'
               OR (state = 'active' AND query ~ '^\\s*(INSERT INTO|SELECT \\* FROM) \\S+_g[0-9]+"? '))
         ) AS open`,
        [projector.applicationName],
      );
      return rows[0]?.open ?? false;
    }

    async function registry(
      schema: string,
    ): Promise<{ checkpoint: bigint; rebuildGeneration: number | null; error: string | null } | undefined> {
      const { rows: found } = await sql.query<{ table: string | null }>(
        `SELECT to_regclass($1)::text AS table`,
        [`"${schema}".projections`],
      );
      if (!found[0]?.table) return undefined;
      const { rows } = await sql.query<{
        checkpoint: bigint;
        rebuild_generation: number | null;
        error: string | null;
      }>(
        `SELECT checkpoint, rebuild_generation, error FROM "${schema}".projections WHERE name = 'statistics'`,
      );
      const row = rows[0];
      return (
        row && { checkpoint: row.checkpoint, rebuildGeneration: row.rebuild_generation, error: row.error }
      );
    }

    /** True once a rebuild other than `before` is under way and has written rows into its generation. */
    async function rebuildWrites(schema: string, before: number | null): Promise<boolean> {
      const generation = (await registry(schema))?.rebuildGeneration;
      if (generation === undefined || generation === null || generation === before) return false;
      const table = `"${schema}".timeline_g${generation}`;
      const { rows: found } = await sql.query<{ table: string | null }>(
        `SELECT to_regclass($1)::text AS table`,
        [table],
      );
      if (!found[0]?.table) return false;
      return (await sql.query(`SELECT 1 FROM ${table} LIMIT 1`)).rows.length > 0;
    }

    /** Each writer appends whole operations, event by event, until `stop` says so. */
    function runWriters(stop: () => boolean): Promise<number> {
      let operations = 0;
      return Promise.all(
        Array.from({ length: WRITERS }, async () => {
          while (!stop()) {
            for (const append of syntheticOperation(SEED, operations++)) {
              await store.appendToStream(append.streamId, [syntheticEventData(append)]);
            }
          }
        }),
      ).then(() => operations);
    }

    /** Starts the process, waits for `point`, kills it. */
    async function killAt(schema: string, point: KillPoint): Promise<Kill> {
      const rebuildBefore = (await registry(schema))?.rebuildGeneration ?? null;
      const projector = startProjector(schema, point === 'rebuilding');
      try {
        const follows = () =>
          until(
            'the projector follows the log',
            async () => projector.output.some((line) => line.includes('follows the log')),
            20_000,
          );
        let inFlight = false;
        switch (point) {
          case 'starting':
            await sleep(Math.random() * 600);
            break;
          case 'following':
            await follows();
            await sleep(Math.random() * 800);
            break;
          case 'batch in flight':
            await follows();
            // Kill the moment PostgreSQL shows one open: polled as fast as it answers.
            for (const deadline = Date.now() + 5_000; !inFlight && Date.now() < deadline;) {
              inFlight = await batchInFlight(projector);
            }
            break;
          case 'rebuilding':
            await until('the rebuild writes', () => rebuildWrites(schema, rebuildBefore), 20_000).catch(
              () => undefined,
            );
            break;
        }
        if (!inFlight) inFlight = await batchInFlight(projector);
        await kill(projector);
        const state = await registry(schema);
        return {
          point,
          inFlight,
          // Each rebuild claims a new generation: one left set by this round's rebuild was cut short.
          rebuildInterrupted:
            (state?.rebuildGeneration ?? null) !== rebuildBefore && state?.rebuildGeneration != null,
          checkpoint: state?.checkpoint ?? 0n,
        };
      } finally {
        await kill(projector);
      }
    }

    it('leaves read models equal to a clean run, every event counted once', async () => {
      const schema = db().newSchema();
      let writing = true;
      const writers = runWriters(() => !writing);
      const kills: Kill[] = [];
      let operations: number;
      const phaseEnds = Date.now() + KILL_PHASE_MS;
      try {
        for (let round = 0; ; round++) {
          const inFlight = kills.filter((k) => k.inFlight).length;
          if (round >= KILLS && (inFlight >= KILLS_IN_FLIGHT || Date.now() > phaseEnds)) break;
          kills.push(await killAt(schema, KILL_POINTS[round % KILL_POINTS.length] as KillPoint));
        }
      } finally {
        writing = false;
        operations = await writers;
      }

      // Once more, to the end of the log, then a clean stop.
      const last = startProjector(schema);
      const head = await store.headPosition();
      let code: number | null | undefined;
      try {
        await until(
          'the last projector has caught up',
          async () => {
            const state = await registry(schema);
            // A projection that failed never catches up: say why instead of timing out.
            if (state?.error) throw new Error(`the projection failed: ${state.error}`);
            return (state?.checkpoint ?? 0n) >= head;
          },
          30_000,
        );
        last.child.kill('SIGTERM');
        [code] = (await last.exited) as [number | null];
      } finally {
        await kill(last);
      }
      expect(code).toBe(0);
      expect(last.output.filter((line) => line.startsWith('ERROR'))).toEqual([]);

      console.log(
        `crash test: ${operations} operations appended, ${kills.length} kills: ` +
          kills
            .map(
              (k) =>
                `${k.point}${k.inFlight ? ' (batch in flight)' : ''}${k.rebuildInterrupted ? ' (rebuild interrupted)' : ''}`,
            )
            .join(', '),
      );
      // The kills landed where they were meant to.
      expect(kills.filter((k) => k.inFlight).length).toBeGreaterThanOrEqual(2);
      expect(kills.some((k) => k.rebuildInterrupted)).toBe(true);

      const crashed = await readModels(sql, schema);
      expect(crashed).toEqual(await cleanRun(db()));

      // Every event of the log on the timeline exactly once, and nothing else.
      const { rows: timeline } = await sql.query<{
        events: bigint;
        rows: bigint;
        positions: bigint;
        stray: bigint;
      }>(
        `SELECT (SELECT count(*) FROM "${storeSchema}".events) AS events,
                (SELECT count(*) FROM "${schema}".timeline) AS rows,
                (SELECT count(DISTINCT position) FROM "${schema}".timeline) AS positions,
                (SELECT count(*) FROM "${storeSchema}".events e FULL JOIN "${schema}".timeline t USING (position)
                 WHERE e.position IS NULL OR t.position IS NULL) AS stray`,
      );
      const { events, rows, positions, stray } = timeline[0]!;
      expect({ rows, positions, stray }).toEqual({ rows: events, positions: events, stray: 0n });

      // Counters equal what the log holds, counted in SQL straight from the events.
      const { rows: fromLog } = await sql.query<Record<string, bigint>>(
        `SELECT count(*) FILTER (WHERE type = 'JointOperationPlanned') AS planned,
                count(*) FILTER (WHERE type = 'RaidConducted') AS raids,
                coalesce(sum((SELECT sum((g->>'count')::bigint) FROM jsonb_array_elements(data->'screened') g))
                  FILTER (WHERE type = 'RaidConducted'), 0)::bigint AS screened,
                coalesce(sum(jsonb_array_length(data->'suspects')) FILTER (WHERE type = 'SuspectsDetained'), 0)::bigint AS detained,
                coalesce(sum((data->>'amountRiel')::bigint) FILTER (WHERE type = 'FineImposed'), 0)::bigint AS fines,
                count(*) FILTER (WHERE type = 'CaseOpened') AS cases,
                coalesce(sum(jsonb_array_length(data->'persons')) FILTER (WHERE type = 'DeportationExecuted'), 0)::bigint AS deported
         FROM "${storeSchema}".events`,
      );
      const { rows: projected } = await sql.query<Record<string, bigint>>(
        `SELECT coalesce(sum(operations_planned), 0)::bigint AS planned, coalesce(sum(raids), 0)::bigint AS raids,
                coalesce(sum(persons_screened), 0)::bigint AS screened,
                coalesce(sum(suspects_detained), 0)::bigint AS detained, coalesce(sum(fines_riel), 0)::bigint AS fines,
                coalesce(sum(cases_opened), 0)::bigint AS cases, coalesce(sum(persons_deported), 0)::bigint AS deported
         FROM "${schema}".province_daily`,
      );
      expect(projected[0]).toEqual(fromLog[0]);
      expect(fromLog[0]?.planned).toBeGreaterThan(0n);

      // A rebuild lands on the same read models and drops what the killed rebuilds left behind.
      const projector = await projectorOn(db(), schema);
      const { generation } = await projector.rebuild();
      expect(await readModels(sql, schema)).toEqual(crashed);
      const { rows: tables } = await sql.query<{ tablename: string }>(
        `SELECT tablename FROM pg_tables WHERE schemaname = $1 AND tablename ~ '_g[0-9]+$'`,
        [schema],
      );
      expect(new Set(tables.map((t) => t.tablename.replace(/^.*_g/, '')))).toEqual(
        new Set([String(generation)]),
      );
    });
  });
}
