import type { DecideContext } from '../shared/decider.js';
import type { CalendarDate, IsoDateTime, PersonId, Sex } from '../shared/event.js';
import type { JointOperationState } from '../joint-operation/joint-operation.state.js';
import type { DeportationLegalGround } from './deportation.events.js';

export interface OrderedPerson {
  readonly personId: PersonId;
  readonly nationality: string;
  readonly sex: Sex;
  /** Set once the person has left through a checkpoint. */
  readonly deported?: { readonly checkpoint: string; readonly executedOn: CalendarDate };
}

export interface NoDeportation {
  readonly status: 'none';
}

export interface ExistingDeportation {
  /** ordered → partially-executed → executed; ordered → cancelled. */
  readonly status: 'ordered' | 'partially-executed' | 'executed' | 'cancelled';
  readonly deportationId: string;
  readonly operationId: string;
  readonly orderedBy: string;
  readonly legalGround: DeportationLegalGround;
  readonly orderedAt: IsoDateTime;
  readonly persons: ReadonlyMap<PersonId, OrderedPerson>;
  readonly deportedCount: number;
  readonly cancellation?: { readonly reason: string; readonly cancelledAt: IsoDateTime };
}

export type DeportationState = NoDeportation | ExistingDeportation;

export const initialDeportationState: DeportationState = { status: 'none' };

/** Ordering reads the operation's detention records; the application loads them alongside. */
export interface DeportationDecideContext extends DecideContext {
  readonly operation: JointOperationState;
}
