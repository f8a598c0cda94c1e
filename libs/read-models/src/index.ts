// Projection runtime
export {
  ProjectionEventError,
  quoteIdentifier,
  type Projection,
  type RebuildWriter,
  type TableDdl,
} from './projector/projection.js';
export {
  createProjector,
  DEFAULT_REBUILD_BATCH,
  Projector,
  type ProjectionLag,
  type ProjectorLogger,
  type ProjectorOptions,
  type RebuildOptions,
  type RebuildProgress,
  type RebuildResult,
} from './projector/projector.js';
export { isCreateIndex } from './projector/generations.js';
export type { ProjectionState, ProjectionStatus } from './projector/registry.js';
export { projectionLeaseName, runProjector, type RunProjectorOptions } from './projector/run-projector.js';

// Statistics
export * from './statistics/statistics.tables.js';
export * from './statistics/statistics.delta.js';
export { statisticsProjection } from './statistics/statistics.projection.js';
export {
  StatisticsRebuildWriter,
  type StatisticsRebuildLimits,
} from './statistics/statistics.rebuild-writer.js';

// Queries
export * from './queries/statistics.queries.js';
