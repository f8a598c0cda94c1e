import { Inject, Injectable } from '@nestjs/common';
import { EventPublisher } from '@nestjs/cqrs';
import { v7 as uuidv7 } from 'uuid';
import {
  type EventData,
  type EventStore,
  EVENT_STORE,
  type JsonObject,
  type RecordedEvent,
  WrongExpectedRevisionError,
} from '@ledger/event-store';
import { type DecideContext, upcast } from '@ledger/domain';
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
}

/** Loads an aggregate from its stream, runs its decider and appends what it decided. */
@Injectable()
export class AggregateRepository {
  constructor(
    @Inject(EVENT_STORE) private readonly store: EventStore,
    private readonly publisher: EventPublisher,
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
    const { decider, streamId, envelope, command } = request;
    const aggregate = await this.load(decider, streamId);
    const current = aggregate.loadedRevision;
    // Fail before deciding: the client decided on a state that is no longer current.
    if (envelope.expectedRevision !== undefined && envelope.expectedRevision !== current) {
      throw new WrongExpectedRevisionError(streamId, envelope.expectedRevision, current ?? 'no_stream');
    }
    const extra = request.context ? await request.context(aggregate.state) : {};
    const now = new Date();
    const context = { ...extra, now, actor: envelope.actor } as X;
    const decided = aggregate.decide(command, context);
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
      position: result.position.toString(),
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
