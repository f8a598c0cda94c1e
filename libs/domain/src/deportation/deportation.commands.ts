import type { CalendarDate, Command, IsoDateTime, PersonId } from '../shared/event.js';
import type { DeportationCancelled, DeportationLegalGround } from './deportation.events.js';

/** Persons by id only: nationality and sex are copied from the operation's detention records. */
export type OrderDeportation = Command<
  'OrderDeportation',
  {
    deportationId: string;
    operationId: string;
    legalGround: DeportationLegalGround;
    personIds: readonly PersonId[];
    occurredAt: IsoDateTime;
  }
>;

export type ExecuteDeportation = Command<
  'ExecuteDeportation',
  {
    deportationId: string;
    executedOn: CalendarDate;
    checkpoint: string;
    personIds: readonly PersonId[];
    occurredAt: IsoDateTime;
  }
>;

export type CancelDeportation = Command<'CancelDeportation', DeportationCancelled['data']>;

export type DeportationCommand = OrderDeportation | ExecuteDeportation | CancelDeportation;
