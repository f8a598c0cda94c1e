import { Injectable } from '@nestjs/common';
import { AccessDeniedError, type Actor, Permission, ROLE_PERMISSIONS } from '@ledger/auth';
import {
  caseDecider,
  type CaseState,
  type ExistingCase,
  fold,
  jointOperationDecider,
  type JointOperationState,
  personDecider,
  type PersonState,
  rescueRequestDecider,
  type RescueRequestState,
  STREAM_CATEGORIES,
  type StreamCategory,
  streamIdFor,
  upcast,
  withholdFromEvent,
  withholdFromState,
} from '@ledger/domain';
import { type RecordedEvent, toPublicEvent } from '@ledger/event-store';
import { StatisticsQueries } from '@ledger/read-models';
import { AccessLog } from '../infrastructure/access-log/access-log.js';
import { AggregateRepository } from './aggregate-repository.js';

/** A record that may hold restricted entries, with the state that says who may read them. */
export type RestrictedSubject = { streamId: string } & (
  | { category: typeof STREAM_CATEGORIES.case; state: CaseState }
  | { category: typeof STREAM_CATEGORIES.jointOperation; state: JointOperationState }
  | { category: typeof STREAM_CATEGORIES.rescueRequest; state: RescueRequestState }
  | { category: typeof STREAM_CATEGORIES.person; state: PersonState; underCaseId?: string }
);

/**
 * Need-to-know: who may read victims' and minors' details, sealed cases, and the identities of
 * restricted persons. Auditors may read all of it; every restricted read is written to the
 * access log, and every refusal too (through the 403 it becomes).
 */
@Injectable()
export class NeedToKnow {
  constructor(
    private readonly aggregates: AggregateRepository,
    private readonly statistics: StatisticsQueries,
    private readonly accessLog: AccessLog,
  ) {}

  /** Why the actor may read the subject's restricted entries, or undefined when they may not. */
  async basisFor(actor: Actor, subject: RestrictedSubject): Promise<string | undefined> {
    if (ROLE_PERMISSIONS[actor.role]?.has(Permission.RestrictedReadAll)) return `role ${actor.role}`;
    switch (subject.category) {
      case 'case':
        return subject.state.status === 'none' ? undefined : caseBasis(actor, subject.state);
      case 'operation': {
        const op = subject.state;
        if (op.status === 'none') return undefined;
        if (op.leadAgencyId === actor.agencyId) return `lead agency of operation ${op.operationId}`;
        // The agency of a case from the operation, or one granted access to it, needs its victims.
        const caseIds = await this.statistics.casesOfOperation(op.operationId);
        const cases = await Promise.all(caseIds.map((caseId) => this.caseState(caseId)));
        return cases.map((c) => (c.status === 'none' ? undefined : caseBasis(actor, c))).find(Boolean);
      }
      case 'rescue': {
        const request = subject.state;
        if (request.status === 'none') return undefined;
        if (request.receivedBy === actor.agencyId)
          return `agency that received rescue request ${request.requestId}`;
        const handedOver = [...request.victims.values()].some((v) => v.handedOverTo === actor.agencyId);
        return handedOver
          ? `agency the victims of rescue request ${request.requestId} were handed to`
          : undefined;
      }
      case 'person': {
        const person = subject.state;
        if (person.status === 'none') return undefined;
        if (person.registeredBy === actor.agencyId) return `agency that registered person ${person.personId}`;
        if (subject.underCaseId === undefined) return undefined;
        const c = await this.caseState(subject.underCaseId);
        if (c.status === 'none') return undefined;
        const party = c.suspects.has(person.personId) || c.victims.has(person.personId);
        return party ? caseBasis(actor, c) : undefined;
      }
    }
  }

  /** A sealed case is need-to-know as a whole: throws the 403 unless the actor has it. Other records pass. */
  async requireReadable(
    actor: Actor,
    subject: RestrictedSubject | undefined,
    permission: Permission,
  ): Promise<void> {
    if (subject?.category !== 'case') return;
    const state = subject.state;
    if (state.status === 'none' || !state.sealed) return;
    if ((await this.basisFor(actor, subject)) === undefined) {
      throw new AccessDeniedError(
        permission,
        `case ${state.caseId} is sealed: only ${state.openedBy} and the agencies it granted access may read it`,
      );
    }
  }

  /**
   * A stream's events as the actor may see them: victims' and minors' entries withheld without
   * need-to-know, except in what the actor's own agency recorded.
   */
  async history(actor: Actor, subject: RestrictedSubject | undefined, recorded: readonly RecordedEvent[]) {
    const withheld = recorded.map((event) => withholdFromEvent(upcast(event)));
    // Most histories hold nothing restricted: need-to-know (which may read the operation's cases) only when one does.
    const restricted = withheld.some((w) => w.withheld > 0);
    const basis = restricted && subject ? await this.basisFor(actor, subject) : undefined;
    let revealed: string | undefined;
    const events = recorded.map((event, i) => {
      const shown = toPublicEvent(event);
      const { value, withheld: count } = withheld[i]!;
      if (count === 0) return shown;
      const ownRecord = recordedByAgency(event) === actor.agencyId;
      if (basis !== undefined || ownRecord) {
        revealed ??= basis ?? `recorded by ${actor.agencyId}`;
        return shown;
      }
      return { ...shown, data: (value as { data: unknown }).data };
    });
    if (revealed !== undefined && subject) this.logged(actor, subject.streamId, revealed);
    return events;
  }

  /** An aggregate's state (as JSON) as the actor may see it. */
  async state(actor: Actor, subject: RestrictedSubject, view: unknown): Promise<unknown> {
    const { value, withheld } = withholdFromState(subject.category, view);
    if (withheld === 0) return view;
    const basis = await this.basisFor(actor, subject);
    if (basis === undefined) return value;
    this.logged(actor, subject.streamId, basis);
    return view;
  }

  /** The state that decides need-to-know for a stream of a restricted category; undefined for the others. */
  async subjectOf(category: StreamCategory, id: string): Promise<RestrictedSubject | undefined> {
    const decider = RESTRICTED_DECIDERS[category];
    if (!decider) return undefined;
    const streamId = streamIdFor(category, id);
    return subjectFrom(category, streamId, (await this.aggregates.load(decider as never, streamId)).state);
  }

  /** The same, folded from events already read: a history is read once. */
  subjectOfHistory(
    category: StreamCategory,
    streamId: string,
    recorded: readonly RecordedEvent[],
  ): RestrictedSubject | undefined {
    const decider = RESTRICTED_DECIDERS[category];
    if (!decider) return undefined;
    return subjectFrom(
      category,
      streamId,
      fold(
        decider,
        recorded.map((event) => upcast(event) as never),
      ),
    );
  }

  /** Writes a restricted read to the access log. */
  logged(actor: Actor, resource: string, basis: string): void {
    this.accessLog.record({
      outcome: 'granted',
      actor,
      permission: `need-to-know:${resource}`,
      reason: basis,
    });
  }

  private async caseState(caseId: string): Promise<CaseState> {
    return (await this.aggregates.load(caseDecider, streamIdFor(STREAM_CATEGORIES.case, caseId))).state;
  }
}

/** The categories whose records may hold restricted entries, with the decider that folds their state. */
const RESTRICTED_DECIDERS: Partial<
  Record<StreamCategory, { initialState: unknown; evolve(state: unknown, event: never): unknown }>
> = {
  [STREAM_CATEGORIES.case]: caseDecider,
  [STREAM_CATEGORIES.jointOperation]: jointOperationDecider,
  [STREAM_CATEGORIES.rescueRequest]: rescueRequestDecider,
  [STREAM_CATEGORIES.person]: personDecider,
};

/**
 * The subject for an already loaded state; undefined for a category that holds nothing restricted.
 * A subject's category is its stream category, so the state is the one that category's decider folds.
 */
export function subjectFrom(
  category: StreamCategory,
  streamId: string,
  state: unknown,
): RestrictedSubject | undefined {
  return RESTRICTED_DECIDERS[category] ? ({ streamId, category, state } as RestrictedSubject) : undefined;
}

const recordedByAgency = (event: RecordedEvent): unknown =>
  (event.metadata as { actor?: { agencyId?: unknown } }).actor?.agencyId;

function caseBasis(actor: Actor, c: ExistingCase): string | undefined {
  if (c.openedBy === actor.agencyId) return `agency of case ${c.caseId}`;
  if (c.grants.has(actor.agencyId)) return `need-to-know granted on case ${c.caseId}`;
  return undefined;
}
