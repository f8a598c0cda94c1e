import type { DecideContext } from '../shared/decider.js';
import type { IsoDateTime, PersonId } from '../shared/event.js';
import type { Offence } from '../reference-data/offences.js';
import type { JointOperationState } from '../joint-operation/joint-operation.state.js';
import type { CaseParty } from './case.events.js';

export interface CourtReferral {
  readonly courtId: string;
  readonly prosecutorId: string;
  readonly sentAt: IsoDateTime;
}

export interface NoCase {
  readonly status: 'none';
}

export interface ExistingCase {
  /**
   * open → sent-to-court (once any suspect is sent; further sends for the others stay allowed)
   * open → dismissed (final).
   */
  readonly status: 'open' | 'sent-to-court' | 'dismissed';
  readonly caseId: string;
  readonly operationId: string;
  readonly openedBy: string;
  readonly openedAt: IsoDateTime;
  readonly offences: readonly Offence[];
  readonly suspects: ReadonlyMap<PersonId, CaseParty>;
  readonly victims: ReadonlyMap<PersonId, CaseParty>;
  /** Suspects already sent to court, with where and when. */
  readonly sentToCourt: ReadonlyMap<PersonId, CourtReferral>;
  readonly dismissal?: { readonly reason: string; readonly dismissedAt: IsoDateTime };
  /** Sealed: the whole case is need-to-know. */
  readonly sealed: boolean;
  /** Agencies granted need-to-know besides the case's own agency, with when. */
  readonly grants: ReadonlyMap<string, IsoDateTime>;
}

export type CaseState = NoCase | ExistingCase;

export const initialCaseState: CaseState = { status: 'none' };

/** Opening a case reads the operation it comes from; the application loads it alongside. */
export interface CaseDecideContext extends DecideContext {
  readonly operation: JointOperationState;
}
