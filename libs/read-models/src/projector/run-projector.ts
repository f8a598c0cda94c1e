import { untilAborted, type BatchOptions, type EventStore } from '@ledger/event-store';
import { startLeased, type SqlClient } from '@ledger/sql';
import { statisticsProjection } from '../statistics/statistics.projection.js';
import type { Projection } from './projection.js';
import { createProjector, type Projector, type ProjectorLogger } from './projector.js';

export interface RunProjectorOptions {
  sql: SqlClient;
  store: EventStore;
  schema: string;
  /** Aborting stops the projections after the batches in flight commit. */
  signal: AbortSignal;
  /** Default: the statistics projection. */
  projections?: readonly Projection[];
  /** Projectors already created (say, to report on their health), instead of `projections`. */
  projectors?: readonly Projector[];
  batch?: BatchOptions;
  logger?: ProjectorLogger;
}

/**
 * Runs projections until `signal` aborts: the whole body of a projector process. Each
 * projection runs in one process at a time, the holder of its lease; the others stand by and
 * take over within seconds when it dies. A projection that fails stays failed (and says so in
 * the registry) while the others go on.
 */
export async function runProjector(options: RunProjectorOptions): Promise<void> {
  const { signal } = options;
  if (signal.aborted) return;
  const projectors = [...(options.projectors ?? [])];
  for (const projection of options.projectors ? [] : (options.projections ?? [statisticsProjection])) {
    projectors.push(
      await createProjector({
        sql: options.sql,
        store: options.store,
        schema: options.schema,
        projection,
        ...(options.batch && { batch: options.batch }),
        ...(options.logger && { logger: options.logger }),
      }),
    );
  }
  // One active projector per projection across processes; the others stand by.
  const leases = projectors.map((projector) =>
    startLeased(
      {
        sql: options.sql,
        name: projectionLeaseName(options.schema, projector.name),
        ...(options.logger && { logger: options.logger }),
      },
      projector,
    ),
  );
  await untilAborted(signal);
  await Promise.all(leases.map((lease) => lease.stop()));
}

/** The lease of one projection: whoever holds it follows the log for it. */
export const projectionLeaseName = (schema: string, projection: string): string =>
  `projection:${schema}.${projection}`;
