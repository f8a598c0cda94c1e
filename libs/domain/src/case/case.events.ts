import type { DomainEvent, IsoDateTime, PersonId, Sex } from '../shared/event.js';
import type { Offence } from '../reference-data/offences.js';

export interface CaseParty {
  readonly personId: PersonId;
  readonly nationality: string;
  readonly sex: Sex;
  readonly minor: boolean;
}

export type CaseOpened = DomainEvent<
  'CaseOpened',
  {
    caseId: string;
    operationId: string;
    openedBy: string;
    offences: readonly Offence[];
    suspects: readonly CaseParty[];
    victims: readonly CaseParty[];
    occurredAt: IsoDateTime;
  }
>;

export type CaseSentToCourt = DomainEvent<
  'CaseSentToCourt',
  {
    caseId: string;
    courtId: string;
    prosecutorId: string;
    suspectsSent: readonly PersonId[];
    /** How many of `suspectsSent` are foreigners (derived from their nationality). */
    foreignersSent: number;
    occurredAt: IsoDateTime;
  }
>;

export type CaseDismissed = DomainEvent<
  'CaseDismissed',
  { caseId: string; reason: string; occurredAt: IsoDateTime }
>;

/** A sealed case is need-to-know as a whole: only its own agency and the agencies granted access read it. */
export type CaseSealed = DomainEvent<
  'CaseSealed',
  { caseId: string; sealedBy: string; reason: string; occurredAt: IsoDateTime }
>;

export type CaseUnsealed = DomainEvent<
  'CaseUnsealed',
  { caseId: string; unsealedBy: string; reason: string; occurredAt: IsoDateTime }
>;

/**
 * Need-to-know: `agencyId` may read the case's restricted records (victims, minors, identities of
 * its parties, and the whole case while sealed) until the grant is revoked.
 */
export type CaseAccessGranted = DomainEvent<
  'CaseAccessGranted',
  { caseId: string; agencyId: string; grantedBy: string; reason: string; occurredAt: IsoDateTime }
>;

export type CaseAccessRevoked = DomainEvent<
  'CaseAccessRevoked',
  { caseId: string; agencyId: string; revokedBy: string; reason: string; occurredAt: IsoDateTime }
>;

export type CaseEvent =
  | CaseOpened
  | CaseSentToCourt
  | CaseDismissed
  | CaseSealed
  | CaseUnsealed
  | CaseAccessGranted
  | CaseAccessRevoked;

export const CASE_EVENT_TYPES = [
  'CaseOpened',
  'CaseSentToCourt',
  'CaseDismissed',
  'CaseSealed',
  'CaseUnsealed',
  'CaseAccessGranted',
  'CaseAccessRevoked',
] as const satisfies readonly CaseEvent['type'][];
