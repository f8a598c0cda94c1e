import { Injectable } from '@nestjs/common';
import {
  AGENCY_REGISTER_ID,
  type AgencyRegisterCommand,
  agencyRegisterDecider,
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
  personDecider,
  type PersonCommand,
  rescueRequestDecider,
  type RescueRequestCommand,
  STREAM_CATEGORIES,
  type StreamCategory,
  streamIdFor,
} from '@ledger/domain';
import { AgencyRegister } from '../infrastructure/reference-data/agency-register.js';
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
  constructor(
    private readonly aggregates: AggregateRepository,
    private readonly agencies: AgencyRegister,
  ) {}

  operation(envelope: CommandEnvelope, command: JointOperationCommand): Promise<CommandResult> {
    return this.aggregates.run({
      decider: jointOperationDecider,
      streamId: streamIdFor(STREAM_CATEGORIES.jointOperation, command.data.operationId),
      envelope,
      command,
      creates: command.type === 'PlanJointOperation',
    });
  }

  case(envelope: CommandEnvelope, command: CaseCommand): Promise<CommandResult> {
    return this.aggregates.run<CaseCommand, CaseState, CaseEvent, CaseDecideContext>({
      decider: caseDecider,
      streamId: streamIdFor(STREAM_CATEGORIES.case, command.data.caseId),
      envelope,
      command,
      creates: command.type === 'OpenCase',
      context: this.operationOf(command.type === 'OpenCase' ? command.data.operationId : undefined),
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
      creates: command.type === 'OrderDeportation',
      context: this.operationOf(command.type === 'OrderDeportation' ? command.data.operationId : undefined),
    });
  }

  rescueRequest(envelope: CommandEnvelope, command: RescueRequestCommand): Promise<CommandResult> {
    return this.aggregates.run({
      decider: rescueRequestDecider,
      streamId: streamIdFor(STREAM_CATEGORIES.rescueRequest, command.data.requestId),
      envelope,
      command,
      creates: command.type === 'ReceiveRescueRequest',
    });
  }

  person(envelope: CommandEnvelope, command: PersonCommand): Promise<CommandResult> {
    return this.aggregates.run({
      decider: personDecider,
      streamId: streamIdFor(STREAM_CATEGORIES.person, command.data.personId),
      envelope,
      command,
      creates: command.type === 'RegisterPerson',
    });
  }

  async agencyRegister(envelope: CommandEnvelope, command: AgencyRegisterCommand): Promise<CommandResult> {
    try {
      return await this.aggregates.run({
        decider: agencyRegisterDecider,
        streamId: streamIdFor(STREAM_CATEGORIES.agencyRegister, AGENCY_REGISTER_ID),
        envelope,
        command,
        creates: false,
      });
    } finally {
      this.agencies.changed();
    }
  }

  /** The operation named by a creating command, else the one the existing aggregate came from. */
  private operationOf(named: string | undefined) {
    return async (state: object): Promise<{ operation: JointOperationState }> => {
      const operationId = named ?? operationIdOf(state);
      if (operationId === undefined) return { operation: initialJointOperationState };
      const operation = await this.aggregates.load(
        jointOperationDecider,
        streamIdFor(STREAM_CATEGORIES.jointOperation, operationId),
      );
      return { operation: operation.state };
    };
  }
}

const operationIdOf = (state: object): string | undefined =>
  'operationId' in state && typeof state.operationId === 'string' ? state.operationId : undefined;
