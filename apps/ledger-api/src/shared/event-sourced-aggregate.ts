import { AggregateRoot, type IEvent } from '@nestjs/cqrs';

/** A domain event as the pure deciders produce it. */
export interface DomainEventLike extends IEvent {
  readonly type: string;
  readonly schemaVersion: number;
  readonly data: object;
}

/** The pure decide/evolve pair of one aggregate (libs/domain). */
export interface DeciderLike<C, S, E extends DomainEventLike, X> {
  readonly initialState: S;
  decide(command: C, state: S, context: X): readonly E[];
  evolve(state: S, event: E): S;
}

/**
 * Adapts a pure decider to @nestjs/cqrs' AggregateRoot: history replays through evolve,
 * decisions become uncommitted events. The domain stays free of Nest.
 */
export class EventSourcedAggregate<C, S, E extends DomainEventLike, X> extends AggregateRoot<E> {
  private current: S;
  /** Revision of the last event loaded from the store, or undefined when the stream is new. */
  loadedRevision: number | undefined;

  constructor(
    readonly streamId: string,
    private readonly decider: DeciderLike<C, S, E, X>,
  ) {
    super();
    this.current = decider.initialState;
  }

  get state(): S {
    return this.current;
  }

  get exists(): boolean {
    return this.loadedRevision !== undefined;
  }

  replay(history: readonly E[], revision: number | undefined): void {
    this.loadFromHistory([...history]);
    this.loadedRevision = revision;
  }

  decide(command: C, context: X): readonly E[] {
    const events = this.decider.decide(command, this.current, context);
    events.forEach((event) => this.apply(event));
    return events;
  }

  protected override getEventHandler(): never {
    return ((event: E) => {
      this.current = this.decider.evolve(this.current, event);
    }) as never;
  }
}
