import type { CalendarDate, DomainEvent, IsoDateTime, PersonId, Sex } from '../shared/event.js';

export const LEGAL_GROUNDS = ['illegal-entry', 'no-passport', 'overstay', 'visa-breach'] as const;
export type DeportationLegalGround = (typeof LEGAL_GROUNDS)[number];

export interface Deportee {
  readonly personId: PersonId;
  readonly nationality: string;
  readonly sex: Sex;
}

export interface DeportedGroup {
  readonly nationality: string;
  readonly sex: Sex;
  readonly count: number;
}

export type DeportationOrdered = DomainEvent<
  'DeportationOrdered',
  {
    deportationId: string;
    orderedBy: string;
    operationId: string;
    legalGround: DeportationLegalGround;
    persons: readonly Deportee[];
    occurredAt: IsoDateTime;
  }
>;

export type DeportationExecuted = DomainEvent<
  'DeportationExecuted',
  {
    deportationId: string;
    executedOn: CalendarDate;
    checkpoint: string;
    persons: readonly PersonId[];
    /** Derived from the order, sorted by nationality then sex. */
    byNationality: readonly DeportedGroup[];
    occurredAt: IsoDateTime;
  }
>;

export type DeportationCancelled = DomainEvent<
  'DeportationCancelled',
  { deportationId: string; reason: string; occurredAt: IsoDateTime }
>;

export type DeportationEvent = DeportationOrdered | DeportationExecuted | DeportationCancelled;

export const DEPORTATION_EVENT_TYPES = [
  'DeportationOrdered',
  'DeportationExecuted',
  'DeportationCancelled',
] as const satisfies readonly DeportationEvent['type'][];
