import { untilAborted, type BatchOptions, type EventStore } from '@ledger/event-store';
import type { SqlClient } from '@ledger/sql';
import { statisticsProjection } from '../statistics/statistics.projection.js';
import type { Projection } from './projection.js';
import { createProjector, type ProjectorLogger } from './projector.js';

export interface RunProjectorOptions {
  sql: SqlClient;
  store: EventStore;
  schema: string;
  /** Aborting stops the projections after the batches in flight commit. */
  signal: AbortSignal;
  /** Default: the statistics projection. */
  projections?: readonly Projection[];
  batch?: BatchOptions;
  logger?: ProjectorLogger;
}

/**
 * Runs projections until `signal` aborts: the whole body of a projector process. A projection
 * that fails stays failed (and says so in the registry) while the others go on.
 */
export async function runProjector(options: RunProjectorOptions): Promise<void> {
  const { signal } = options;
  if (signal.aborted) return;
  const projectors = [];
  for (const projection of options.projections ?? [statisticsProjection]) {
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
  for (const projector of projectors) projector.start();
  await untilAborted(signal);
  await Promise.all(projectors.map((projector) => projector.stop()));
}
