import type { Command, IsoDateTime, PersonId } from '../shared/event.js';

/** Persons are named by id only; their facts are copied from the operation's records. */
export type OpenCase = Command<
  'OpenCase',
  {
    caseId: string;
    operationId: string;
    offences: readonly string[];
    suspectIds: readonly PersonId[];
    victimIds: readonly PersonId[];
    occurredAt: IsoDateTime;
  }
>;

export type SendCaseToCourt = Command<
  'SendCaseToCourt',
  {
    caseId: string;
    courtId: string;
    prosecutorId: string;
    suspectIds: readonly PersonId[];
    occurredAt: IsoDateTime;
  }
>;

export type DismissCase = Command<'DismissCase', { caseId: string; reason: string; occurredAt: IsoDateTime }>;

export type SealCase = Command<'SealCase', { caseId: string; reason: string; occurredAt: IsoDateTime }>;

export type UnsealCase = Command<'UnsealCase', { caseId: string; reason: string; occurredAt: IsoDateTime }>;

export type GrantCaseAccess = Command<
  'GrantCaseAccess',
  { caseId: string; agencyId: string; reason: string; occurredAt: IsoDateTime }
>;

export type RevokeCaseAccess = Command<
  'RevokeCaseAccess',
  { caseId: string; agencyId: string; reason: string; occurredAt: IsoDateTime }
>;

export type CaseCommand =
  OpenCase | SendCaseToCourt | DismissCase | SealCase | UnsealCase | GrantCaseAccess | RevokeCaseAccess;
