export { asOfFilter, businessTimeOf, REPLAY_TIMES, type ReplayTime } from './as-of.js';
export { filteredProjection } from './filtered-projection.js';
export { defaultReplaySchema, replayAsOf, type ReplayAsOfOptions } from './replay-as-of.js';
export {
  formatReplaySummary,
  readStatisticsSummary,
  writeReplaySummary,
  type AgencyFigures,
  type AreaFigures,
  type ProvinceFigures,
  type ReplaySummary,
  type StatisticsSummary,
} from './replay-summary.js';
