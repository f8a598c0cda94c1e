import { Global, Inject, Injectable, Module } from '@nestjs/common';
import {
  type Agency,
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

/** How long a caught-up directory serves before the next use catches up again. */
const FRESH_FOR_MS = 1_000;

/**
 * The agencies as admins keep them: the shipped catalogue plus the register's stream, folded here.
 * A use catches up when the last catch-up is older than a second (reading only the events past the
 * last one folded: usually none), so another replica's change shows within a second; a miss (an
 * agency not found) asks for `fresh()`, and this replica's own changes are seen at once.
 */
@Injectable()
export class AgencyRegister {
  private state: AgencyRegisterState = agencyRegisterDecider.initialState;
  private directory: AgencyDirectory = directoryOf(this.state);
  private nextRevision = 0;
  /** Catch-ups run one after another; each starts after the call that asked for it. */
  private queue: Promise<unknown> = Promise.resolve();
  private caughtUpAt = 0;
  /** The catch-up a stale `current()` started: concurrent uses share it instead of queuing one each. */
  private refreshing: Promise<AgencyDirectory> | undefined;

  constructor(@Inject(EVENT_STORE) private readonly store: EventStore) {}

  /** The directory as of at most a second ago. */
  current(): Promise<AgencyDirectory> {
    if (Date.now() - this.caughtUpAt < FRESH_FOR_MS) return Promise.resolve(this.directory);
    return (this.refreshing ??= this.fresh().finally(() => (this.refreshing = undefined)));
  }

  /** An agency by id, catching up at once when it is not (yet) known here. */
  async find(agencyId: string): Promise<{ agencies: AgencyDirectory; agency: Agency | undefined }> {
    let agencies = await this.current();
    if (!agencies.find(agencyId)) agencies = await this.fresh();
    return { agencies, agency: agencies.find(agencyId) };
  }

  /** The directory including every change appended before the call. */
  fresh(): Promise<AgencyDirectory> {
    const next = this.queue.then(() => this.catchUp());
    this.queue = next.catch(() => undefined);
    return next;
  }

  /** After this replica changed the register: the next use catches up. */
  changed(): void {
    this.caughtUpAt = 0;
  }

  private async catchUp(): Promise<AgencyDirectory> {
    const startedAt = Date.now();
    const recorded = await this.store.readStream(AGENCY_REGISTER_STREAM, { fromRevision: this.nextRevision });
    if (recorded.length > 0) {
      const events = recorded.map((event) => upcast(event) as AgencyRegisterEvent);
      this.state = fold(agencyRegisterDecider, events, this.state);
      this.directory = directoryOf(this.state);
      this.nextRevision = recorded.at(-1)!.revision + 1;
    }
    this.caughtUpAt = startedAt;
    return this.directory;
  }
}

@Global()
@Module({ providers: [AgencyRegister], exports: [AgencyRegister] })
export class AgencyRegisterModule {}
