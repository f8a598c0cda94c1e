/**
 * `replay --as-of`: rebuilds the statistics read models (per province, per agency, per
 * nationality) as they stood at a moment, into a schema of their own, and summarises them.
 */
import { randomBytes } from 'node:crypto';
import type { EventStore } from '@ledger/event-store';
import {
  createProjector,
  quoteIdentifier,
  statisticsProjection,
  type ProjectorLogger,
} from '@ledger/read-models';
import { isSqlError, type SqlClient } from '@ledger/sql';
import { asOfFilter, type ReplayTime } from './as-of.js';
import { filteredProjection } from './filtered-projection.js';
import { readStatisticsSummary, type ReplaySummary } from './replay-summary.js';

export interface ReplayAsOfOptions {
  /** The database that receives the replay's schema. */
  sql: SqlClient;
  /** The log to replay; only read. */
  store: EventStore;
  asOf: Date;
  /** recorded: what the store had committed by `asOf`; business: what had happened by `asOf`. */
  time: ReplayTime;
  /**
   * A schema that does not exist yet (a replay never writes into existing tables, the live read
   * models least of all). Default: `replay_<time>_<asOf>_<random>`.
   */
  targetSchema?: string;
  /** False drops the schema once the summary is read (the summary then lives only in a file). Default true. */
  keepSchema?: boolean;
  /** Events read so far and the events to read, every `progressIntervalMs` and once at the end. */
  onProgress?: (done: number, total: number) => void;
  /** Default 250. */
  progressIntervalMs?: number;
  /** The projector's log lines. Default: none (errors to the console). */
  logger?: ProjectorLogger;
}

const DUPLICATE_SCHEMA = '42P06';

const SILENT: ProjectorLogger = { log: () => undefined, error: (message) => console.error(message) };

/** `replay_business_20220921t010000z_3f9a1c`: when and how, and unique. */
export function defaultReplaySchema(asOf: Date, time: ReplayTime): string {
  const stamp = `${asOf.toISOString().slice(0, 19).replace(/[-:]/g, '').toLowerCase()}z`;
  return `replay_${time}_${stamp}_${randomBytes(3).toString('hex')}`;
}

/**
 * Runs the statistics projection's rebuild in a new schema over the events as of `asOf`, then
 * reads the summary from it with the queries the API uses. The log is cut at its head when the
 * replay starts, so appends meanwhile change nothing. On failure the new schema is dropped.
 */
export async function replayAsOf(options: ReplayAsOfOptions): Promise<ReplaySummary> {
  const { sql, store, asOf, time } = options;
  const keep = asOfFilter(asOf, time);
  const schema = options.targetSchema ?? defaultReplaySchema(asOf, time);
  const quoted = quoteIdentifier(schema, 'target schema');
  const head = await store.headPosition();

  try {
    await sql.query(`CREATE SCHEMA ${quoted}`);
  } catch (err) {
    if (isSqlError(err, DUPLICATE_SCHEMA)) {
      throw new Error(
        `target schema "${schema}" already exists: a replay writes only into a new schema; drop it or name another one`,
        { cause: err },
      );
    }
    throw err;
  }

  let replayed = 0;
  let lastReplayed: bigint | undefined;
  const projection = filteredProjection(statisticsProjection, (event) => {
    if (event.position > head || !keep(event)) return false;
    replayed += 1;
    lastReplayed = event.position;
    return true;
  });
  try {
    const projector = await createProjector({
      sql,
      store,
      schema,
      projection,
      logger: options.logger ?? SILENT,
    });
    const { onProgress } = options;
    const result = await projector.rebuild({
      progressIntervalMs: options.progressIntervalMs ?? 250,
      // The log may grow during the replay: a bar never goes past its end.
      ...(onProgress && { onProgress: (p) => onProgress(p.events, Math.max(p.total, p.events)) }),
    });
    const statistics = await readStatisticsSummary(sql, schema);
    const keepSchema = options.keepSchema ?? true;
    if (!keepSchema) await sql.query(`DROP SCHEMA ${quoted} CASCADE`);
    return {
      asOf: asOf.toISOString(),
      time,
      replayedAt: new Date().toISOString(),
      schema,
      schemaKept: keepSchema,
      events: {
        headPosition: head.toString(),
        read: result.events,
        replayed,
        lastReplayedPosition: lastReplayed === undefined ? null : lastReplayed.toString(),
      },
      ...statistics,
    };
  } catch (err) {
    await sql.query(`DROP SCHEMA IF EXISTS ${quoted} CASCADE`).catch(() => undefined);
    throw err;
  }
}
