import { Command, Query } from '@nestjs/cqrs';
import type { Actor } from '@ledger/auth';

/** What every command carries besides its own data: who asks, and what they believe they change. */
export interface CommandEnvelope {
  actor: Actor;
  /** From `If-Match`: the stream revision the client last saw; a mismatch answers 409. */
  expectedRevision?: number;
  correlationId: string;
  /** The request that caused the command; becomes the events' causationId. */
  causationId: string;
  idempotencyKey?: string;
}

/** What a successful command answers. */
export interface CommandResult {
  streamId: string;
  /** The stream's new revision. */
  revision: number;
  /** Global position of the last event appended (a decimal string: it may exceed 2^53). */
  position: string;
  eventIds: string[];
}

/** Base for the @nestjs/cqrs commands of every use case: the envelope plus the use case's payload. */
export abstract class LedgerCommand<TPayload> extends Command<CommandResult> {
  constructor(
    readonly envelope: CommandEnvelope,
    readonly payload: TPayload,
  ) {
    super();
  }
}

/** Base for queries: every read is made by an authenticated actor and checked like a command. */
export abstract class LedgerQuery<TParams, TResult> extends Query<TResult> {
  constructor(
    readonly actor: Actor,
    readonly params: TParams,
  ) {
    super();
  }
}
