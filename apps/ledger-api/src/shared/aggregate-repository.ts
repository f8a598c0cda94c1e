import { Inject, Injectable } from '@nestjs/common';
import { EventPublisher } from '@nestjs/cqrs';
import { v7 as uuidv7 } from 'uuid';
import {
  type EventData,
  type EventStore,
  EVENT_STORE,
  formatPosition,
  type JsonObject,
  type RecordedEvent,
  WrongExpectedRevisionError,
} from '@ledger/event-store';
import { type AgencyDirectory, type DecideContext, RuleViolationError, upcast } from '@ledger/domain';
import { AgencyRegister } from '../infrastructure/reference-data/agency-register.js';
import type { CommandEnvelope, CommandResult } from './ledger-command.js';
import { type DeciderLike, type DomainEventLike, EventSourcedAggregate } from './event-sourced-aggregate.js';

/** What every decide receives: the clock and the actor, plus whatever other aggregates a use case needs. */
export type BaseContext = DecideContext;

export interface RunCommand<C, S, E extends DomainEventLike, X extends BaseContext> {
  decider: DeciderLike<C, S, E, X>;
  streamId: string;
  envelope: CommandEnvelope;
  command: C;
  /** Facts from other aggregates that decide needs (for example the operation a case comes from). */
  context?: (state: S) => Promise<Omit<X, keyof BaseContext>>;
  /**
   * The command starts a stream. It is decided against the empty state and appended with
   * `no_stream` without reading first; only if the stream turns out to exist is it read and
   * decided again, so that the client gets the domain's answer (e.g. 'operation-already-exists').
   */
  creates?: boolean;
}

/** Loads an aggregate from its stream, runs its decider and appends what it decided. */
@Injectable()
export class AggregateRepository {
  constructor(
    @Inject(EVENT_STORE) private readonly store: EventStore,
    private readonly publisher: EventPublisher,
    private readonly agencies: AgencyRegister,
  ) {}

  async load<C, S, E extends DomainEventLike, X>(
    decider: DeciderLike<C, S, E, X>,
    streamId: string,
  ): Promise<EventSourcedAggregate<C, S, E, X>> {
    const recorded = await this.store.readStream(streamId);
    const aggregate = new EventSourcedAggregate(streamId, decider);
    aggregate.replay(
      recorded.map((event) => toDomainEvent<E>(event)),
      recorded.at(-1)?.revision,
    );
    return aggregate;
  }

  async run<C, S, E extends DomainEventLike, X extends BaseContext>(
    request: RunCommand<C, S, E, X>,
  ): Promise<CommandResult> {
    if (request.creates && request.envelope.expectedRevision === undefined) {
      try {
        return await this.decideAndAppend(
          request,
          new EventSourcedAggregate(request.streamId, request.decider),
        );
      } catch (error) {
        if (!(error instanceof WrongExpectedRevisionError)) throw error;
      }
    }
    return this.decideAndAppend(request, await this.load(request.decider, request.streamId));
  }

  private async decideAndAppend<C, S, E extends DomainEventLike, X extends BaseContext>(
    request: RunCommand<C, S, E, X>,
    aggregate: EventSourcedAggregate<C, S, E, X>,
  ): Promise<CommandResult> {
    const { streamId, envelope, command } = request;
    const current = aggregate.loadedRevision;
    // Fail before deciding: the client decided on a state that is no longer current.
    if (envelope.expectedRevision !== undefined && envelope.expectedRevision !== current) {
      throw new WrongExpectedRevisionError(streamId, envelope.expectedRevision, current ?? 'no_stream');
    }
    const extra = request.context ? await request.context(aggregate.state) : {};
    const now = new Date();
    const decideWith = (agencies: AgencyDirectory) =>
      aggregate.decide(command, { ...extra, now, actor: envelope.actor, agencies } as X);
    let decided: readonly E[];
    try {
      decided = decideWith(await this.agencies.current());
    } catch (error) {
      // An agency registered on another replica within the last second: decide again on the latest register.
      if (!(error instanceof RuleViolationError && error.rule === 'unknown-agency')) throw error;
      decided = decideWith(await this.agencies.fresh());
    }
    if (decided.length === 0) {
      return { streamId, revision: current ?? -1, position: '0', eventIds: [] };
    }
    const events = decided.map((event) => toEventData(event, envelope, now));
    const result = await this.store.appendToStream(streamId, events, {
      expectedRevision: current ?? 'no_stream',
    });
    // In-process notification only: nothing durable depends on the in-memory EventBus.
    this.publisher.mergeObjectContext(aggregate).commit();
    return {
      streamId,
      revision: result.nextRevision,
      position: formatPosition(result.position),
      eventIds: events.map((event) => event.eventId),
    };
  }
}

function toEventData(event: DomainEventLike, envelope: CommandEnvelope, recordedAt: Date): EventData {
  const data = event.data as JsonObject;
  return {
    eventId: uuidv7(),
    type: event.type,
    schemaVersion: event.schemaVersion,
    data,
    metadata: {
      correlationId: envelope.correlationId,
      causationId: envelope.causationId,
      actor: { ...envelope.actor },
      occurredAt: typeof data.occurredAt === 'string' ? data.occurredAt : recordedAt.toISOString(),
      recordedAt: recordedAt.toISOString(),
      ...(envelope.idempotencyKey ? { idempotencyKey: envelope.idempotencyKey } : {}),
    },
  };
}

/** Old schema versions are lifted when read; the stored events are never rewritten. */
function toDomainEvent<E extends DomainEventLike>(event: RecordedEvent): E {
  return upcast({ type: event.type, schemaVersion: event.schemaVersion, data: event.data }) as unknown as E;
}
