import { type Admin, SCHEMA_PREFIX, WRITERS } from './db.js';
import { type AppendTarget, type LoadResult, runLoad, type Sample, summarize } from './load.js';
import { bareTarget } from './targets/bare.js';
import { emmettTarget } from './targets/emmett.js';
import { ledgerTarget } from './targets/ledger.js';

export type LineName = 'ledger' | 'emmett' | 'bare';
export const LINES: readonly LineName[] = ['ledger', 'emmett', 'bare'];

export interface Scenario {
  name: string;
  eventsPerAppend: number;
  appendsPerStream: number;
}

export const SCENARIOS: readonly Scenario[] = [
  { name: 'single-event', eventsPerAppend: 1, appendsPerStream: 10 },
  { name: '10-event', eventsPerAppend: 10, appendsPerStream: 10 },
];

export interface ScenarioResult {
  scenario: string;
  eventsPerAppend: number;
  appendsPerStream: number;
  lines: Record<LineName, LoadResult>;
  ratios: { ledgerToEmmett: number; ledgerToBare: number };
}

export interface StoreBenchOptions {
  url: string;
  admin: Admin;
  runId: string;
  warmupMs: number;
  /** Measured time per line and scenario, split evenly over the rounds. */
  measureMs: number;
  /** Measured windows per line; the lines take turns, in a rotating order. */
  rounds: number;
  log: (line: string) => void;
}

async function openLine(line: LineName, options: StoreBenchOptions, schema: string): Promise<AppendTarget> {
  switch (line) {
    case 'ledger':
      return ledgerTarget(options.url, schema, WRITERS);
    case 'emmett':
      await assertNoForeignEmmettFunctions(options.admin, schema);
      return emmettTarget(options.url, schema, WRITERS);
    case 'bare':
      return bareTarget(options.url, schema, WRITERS, options.admin);
  }
}

/**
 * Emmett creates its functions only if no schema in the database has one of that name yet, so
 * a copy elsewhere would leave its own schema without them.
 */
async function assertNoForeignEmmettFunctions(admin: Admin, schema: string): Promise<void> {
  const { rows } = await admin.query(
    `SELECT DISTINCT n.nspname FROM pg_proc p JOIN pg_namespace n ON n.oid = p.pronamespace
     WHERE p.proname = 'emt_append_to_stream' AND n.nspname <> $1`,
    [schema],
  );
  if (rows.length > 0) {
    const schemas = rows.map((r: { nspname: string }) => r.nspname).join(', ');
    throw new Error(
      `Emmett's functions already exist in schema ${schemas}; Emmett would not create its own in the benchmark schema. ` +
        'Drop them there or point DATABASE_URL at another database.',
    );
  }
}

/** Warm-up before every round after the first, on freshly opened connections. */
const REWARM_MS = 500;

/**
 * Each scenario gives every line a fresh schema, the same writers, payload and pool size. The
 * lines then take turns in short rounds (A B C, B C A, …) so that a change in the load of a
 * shared machine falls on all of them alike and the ratios stay meaningful. Only the line whose
 * turn it is holds connections: the server's connection limit is shared with everyone else.
 */
export async function runStoreBench(options: StoreBenchOptions): Promise<ScenarioResult[]> {
  const results: ScenarioResult[] = [];
  for (const scenario of SCENARIOS) {
    const schemas = LINES.map((line) => `${SCHEMA_PREFIX}${options.runId}_${line}`);
    const samples = new Map<LineName, Sample[]>(LINES.map((line) => [line, []]));
    try {
      for (let round = 0; round < options.rounds; round++) {
        for (let k = 0; k < LINES.length; k++) {
          const i = (round + k) % LINES.length;
          const line = LINES[i] as LineName;
          await options.admin.checkpoint();
          const target = await openLine(line, options, schemas[i] as string);
          options.log(
            `  ${scenario.name.padEnd(13)} ${target.name.padEnd(12)} round ${round + 1}/${options.rounds}`,
          );
          try {
            samples.get(line)?.push(
              await runLoad(target, {
                writers: WRITERS,
                eventsPerAppend: scenario.eventsPerAppend,
                appendsPerStream: scenario.appendsPerStream,
                warmupMs: round === 0 ? options.warmupMs : REWARM_MS,
                measureMs: options.measureMs / options.rounds,
              }),
            );
          } finally {
            await target.close();
          }
        }
      }
    } finally {
      await options.admin.dropBenchSchemas(schemas);
    }
    const lines = Object.fromEntries(
      LINES.map((line) => [line, summarize(samples.get(line) ?? [], scenario.eventsPerAppend)]),
    ) as Record<LineName, LoadResult>;
    results.push({
      scenario: scenario.name,
      eventsPerAppend: scenario.eventsPerAppend,
      appendsPerStream: scenario.appendsPerStream,
      lines,
      ratios: {
        ledgerToEmmett: lines.ledger.eventsPerSecond / lines.emmett.eventsPerSecond,
        ledgerToBare: lines.ledger.eventsPerSecond / lines.bare.eventsPerSecond,
      },
    });
  }
  return results;
}
