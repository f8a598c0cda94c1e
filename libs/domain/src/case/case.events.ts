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

export type CaseEvent = CaseOpened | CaseSentToCourt | CaseDismissed;

export const CASE_EVENT_TYPES = [
  'CaseOpened',
  'CaseSentToCourt',
  'CaseDismissed',
] as const satisfies readonly CaseEvent['type'][];
