import { Global, Inject, Injectable, Module } from '@nestjs/common';
import {
  AGENCY_REGISTER_ID,
  agencyRegisterDecider,
  type AgencyDirectory,
  type AgencyRegisterEvent,
  type AgencyRegisterState,
  directoryOf,
  fold,
  STREAM_CATEGORIES,
  streamIdFor,
  upcast,
} from '@ledger/domain';
import { EVENT_STORE, type EventStore } from '@ledger/event-store';

export const AGENCY_REGISTER_STREAM = streamIdFor(STREAM_CATEGORIES.agencyRegister, AGENCY_REGISTER_ID);

/**
 * The agencies as admins keep them: the shipped catalogue plus the register's stream, folded here
 * and caught up before each use, so that every replica sees an agency as soon as it is registered.
 * Catching up reads only the events past the last one folded: usually none.
 */
@Injectable()
export class AgencyRegister {
  private state: AgencyRegisterState = agencyRegisterDecider.initialState;
  private directory: AgencyDirectory = directoryOf(this.state);
  private nextRevision = 0;
  /** Catch-ups run one after another; each starts after the call that asked for it. */
  private queue: Promise<unknown> = Promise.resolve();

  constructor(@Inject(EVENT_STORE) private readonly store: EventStore) {}

  /** The directory including every change appended before the call. */
  current(): Promise<AgencyDirectory> {
    const next = this.queue.then(() => this.catchUp());
    this.queue = next.catch(() => undefined);
    return next;
  }

  private async catchUp(): Promise<AgencyDirectory> {
    const recorded = await this.store.readStream(AGENCY_REGISTER_STREAM, { fromRevision: this.nextRevision });
    if (recorded.length > 0) {
      const events = recorded.map((event) => upcast(event) as AgencyRegisterEvent);
      this.state = fold(agencyRegisterDecider, events, this.state);
      this.directory = directoryOf(this.state);
      this.nextRevision = recorded.at(-1)!.revision + 1;
    }
    return this.directory;
  }
}

@Global()
@Module({ providers: [AgencyRegister], exports: [AgencyRegister] })
export class AgencyRegisterModule {}
