import type { ProjectionLag, ProjectionState } from '@ledger/read-models';
import { LedgerQuery } from '../../shared/ledger-command.js';

export type ProjectionView = Omit<ProjectionState, 'checkpoint' | 'errorPosition'> & {
  checkpoint: string;
  errorPosition: string | null;
  lag: { head: string; behindEvents: number };
};

export class GetProjectionsQuery extends LedgerQuery<Record<string, never>, ProjectionView[]> {}

export function projectionView({
  head,
  behindEvents,
  ...state
}: ProjectionState & ProjectionLag): ProjectionView {
  return {
    ...state,
    checkpoint: state.checkpoint.toString(),
    errorPosition: state.errorPosition === null ? null : String(state.errorPosition),
    lag: { head: head.toString(), behindEvents },
  };
}
