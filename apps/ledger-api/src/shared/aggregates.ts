import { Injectable } from '@nestjs/common';
import {
  caseDecider,
  type CaseCommand,
  type CaseDecideContext,
  type CaseEvent,
  type CaseState,
  deportationDecider,
  type DeportationCommand,
  type DeportationDecideContext,
  type DeportationEvent,
  type DeportationState,
  initialJointOperationState,
  jointOperationDecider,
  type JointOperationCommand,
  type JointOperationState,
  rescueRequestDecider,
  type RescueRequestCommand,
  STREAM_CATEGORIES,
  type StreamCategory,
  streamIdFor,
} from '@ledger/domain';
import { AggregateRepository } from './aggregate-repository.js';
import type { DeciderLike, DomainEventLike } from './event-sourced-aggregate.js';
import type { CommandEnvelope, CommandResult } from './ledger-command.js';

/** The aggregates as the HTTP API names them: one entry serves state and history reads for each. */
export const AGGREGATE_COLLECTIONS = {
  operations: {
    category: STREAM_CATEGORIES.jointOperation,
    decider: jointOperationDecider,
    label: 'joint operation',
  },
  cases: { category: STREAM_CATEGORIES.case, decider: caseDecider, label: 'case' },
  deportations: {
    category: STREAM_CATEGORIES.deportation,
    decider: deportationDecider,
    label: 'deportation',
  },
  'rescue-requests': {
    category: STREAM_CATEGORIES.rescueRequest,
    decider: rescueRequestDecider,
    label: 'rescue request',
  },
} as const satisfies Record<
  string,
  { category: StreamCategory; decider: DeciderLike<never, unknown, DomainEventLike, never>; label: string }
>;

export type AggregateCollection = keyof typeof AGGREGATE_COLLECTIONS;
export const COLLECTION_NAMES = Object.keys(AGGREGATE_COLLECTIONS) as AggregateCollection[];

/**
 * Runs the commands of each aggregate. Cases and deportations decide against the operation
 * they come from, which is loaded here so the deciders stay pure.
 */
@Injectable()
export class LedgerAggregates {
  constructor(private readonly aggregates: AggregateRepository) {}

  operation(envelope: CommandEnvelope, command: JointOperationCommand): Promise<CommandResult> {
    return this.aggregates.run({
      decider: jointOperationDecider,
      streamId: streamIdFor(STREAM_CATEGORIES.jointOperation, command.data.operationId),
      envelope,
      command,
    });
  }

  case(envelope: CommandEnvelope, command: CaseCommand): Promise<CommandResult> {
    return this.aggregates.run<CaseCommand, CaseState, CaseEvent, CaseDecideContext>({
      decider: caseDecider,
      streamId: streamIdFor(STREAM_CATEGORIES.case, command.data.caseId),
      envelope,
      command,
      context: async (state) => ({
        operation: await this.operationState(
          command.type === 'OpenCase' ? command.data.operationId : operationIdOf(state),
        ),
      }),
    });
  }

  deportation(envelope: CommandEnvelope, command: DeportationCommand): Promise<CommandResult> {
    return this.aggregates.run<
      DeportationCommand,
      DeportationState,
      DeportationEvent,
      DeportationDecideContext
    >({
      decider: deportationDecider,
      streamId: streamIdFor(STREAM_CATEGORIES.deportation, command.data.deportationId),
      envelope,
      command,
      context: async (state) => ({
        operation: await this.operationState(
          command.type === 'OrderDeportation' ? command.data.operationId : operationIdOf(state),
        ),
      }),
    });
  }

  rescueRequest(envelope: CommandEnvelope, command: RescueRequestCommand): Promise<CommandResult> {
    return this.aggregates.run({
      decider: rescueRequestDecider,
      streamId: streamIdFor(STREAM_CATEGORIES.rescueRequest, command.data.requestId),
      envelope,
      command,
    });
  }

  private async operationState(operationId: string | undefined): Promise<JointOperationState> {
    if (operationId === undefined) return initialJointOperationState;
    const operation = await this.aggregates.load(
      jointOperationDecider,
      streamIdFor(STREAM_CATEGORIES.jointOperation, operationId),
    );
    return operation.state;
  }
}

const operationIdOf = (state: object): string | undefined =>
  'operationId' in state && typeof state.operationId === 'string' ? state.operationId : undefined;
