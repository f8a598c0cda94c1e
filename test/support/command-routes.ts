/**
 * Turns a domain command into the HTTP request that records it, so scenario tests can replay the
 * domain fixtures through the API and compare with what the pure deciders produce.
 */
import {
  AGENCY_REGISTER_2022_STEPS,
  GDI_SWEEP_OPERATION_STEPS,
  NEED_TO_KNOW_2022_STEPS,
  PERSONS_2022_STEPS,
  RESCUE_REQUESTS_2022_STEPS,
  SEPT_23_DEPORTATION_STEPS,
  SIHANOUKVILLE_CASE_STEPS,
  SIHANOUKVILLE_OPERATION_STEPS,
} from '@ledger/domain/fixtures';
import type { RunningLedger } from './ledger-app.js';
import type {
  AgencyRegisterCommand,
  CaseCommand,
  DeportationCommand,
  JointOperationCommand,
  PersonCommand,
  RescueRequestCommand,
} from '@ledger/domain';

export type LedgerCommand =
  | JointOperationCommand
  | CaseCommand
  | DeportationCommand
  | RescueRequestCommand
  | PersonCommand
  | AgencyRegisterCommand;

export interface CommandRequest {
  path: string;
  body: Record<string, unknown>;
  /** Planning, joining and closing operations need a coordinator, reference data an admin; the rest an officer. */
  role: 'officer' | 'coordinator' | 'admin';
}

const without = (data: object, key: string): Record<string, unknown> => {
  const { [key]: _dropped, ...rest } = data as Record<string, unknown>;
  return rest;
};

export function toRequest(command: LedgerCommand): CommandRequest {
  const officer = (path: string, body: Record<string, unknown>): CommandRequest => ({
    path,
    body,
    role: 'officer',
  });
  const coordinator = (path: string, body: Record<string, unknown>): CommandRequest => ({
    path,
    body,
    role: 'coordinator',
  });
  switch (command.type) {
    case 'PlanJointOperation':
      return coordinator('/operations', { ...command.data });
    case 'JoinJointOperation':
      return coordinator(
        `/operations/${command.data.operationId}/participants`,
        without(command.data, 'operationId'),
      );
    case 'CloseJointOperation':
      return coordinator(
        `/operations/${command.data.operationId}/closure`,
        without(command.data, 'operationId'),
      );
    case 'RecordRaid':
      return officer(`/operations/${command.data.operationId}/raids`, without(command.data, 'operationId'));
    case 'DetainSuspects':
      return officer(
        `/operations/${command.data.operationId}/detentions`,
        without(command.data, 'operationId'),
      );
    case 'IdentifyVictims':
      return officer(`/operations/${command.data.operationId}/victims`, without(command.data, 'operationId'));
    case 'ImposeFine':
      return officer(`/operations/${command.data.operationId}/fines`, without(command.data, 'operationId'));
    case 'IdentifyOffences':
      return officer(
        `/operations/${command.data.operationId}/offences`,
        without(command.data, 'operationId'),
      );
    case 'ReleaseDetainee':
      return officer(
        `/operations/${command.data.operationId}/releases`,
        without(command.data, 'operationId'),
      );
    case 'OpenCase':
      return officer('/cases', { ...command.data });
    case 'SendCaseToCourt':
      return officer(`/cases/${command.data.caseId}/court-referrals`, without(command.data, 'caseId'));
    case 'DismissCase':
      return officer(`/cases/${command.data.caseId}/dismissal`, without(command.data, 'caseId'));
    case 'SealCase':
      return officer(`/cases/${command.data.caseId}/seal`, without(command.data, 'caseId'));
    case 'UnsealCase':
      return officer(`/cases/${command.data.caseId}/unsealing`, without(command.data, 'caseId'));
    case 'GrantCaseAccess':
      return officer(`/cases/${command.data.caseId}/access-grants`, without(command.data, 'caseId'));
    case 'RevokeCaseAccess':
      return officer(`/cases/${command.data.caseId}/access-revocations`, without(command.data, 'caseId'));
    case 'RegisterPerson': {
      const { dateOfBirth, ...facts } = command.data;
      return officer('/persons', {
        ...facts,
        identity: fixtureIdentity(facts.personId, facts.nationality, dateOfBirth),
      });
    }
    case 'RegisterAgency':
      return { path: '/reference/agencies', body: { ...command.data }, role: 'admin' };
    case 'RenameAgency':
      return {
        path: `/reference/agencies/${command.data.agencyId}/renaming`,
        body: without(command.data, 'agencyId'),
        role: 'admin',
      };
    case 'RetireAgency':
      return {
        path: `/reference/agencies/${command.data.agencyId}/retirement`,
        body: without(command.data, 'agencyId'),
        role: 'admin',
      };
    case 'ErasePersonIdentity':
      return coordinator(`/persons/${command.data.personId}/erasure`, without(command.data, 'personId'));
    case 'OrderDeportation':
      return officer('/deportations', { ...command.data });
    case 'ExecuteDeportation':
      return officer(
        `/deportations/${command.data.deportationId}/executions`,
        without(command.data, 'deportationId'),
      );
    case 'CancelDeportation':
      return officer(
        `/deportations/${command.data.deportationId}/cancellation`,
        without(command.data, 'deportationId'),
      );
    case 'ReceiveRescueRequest':
      return officer('/rescue-requests', { ...command.data });
    case 'InvestigateRescueRequest':
      return officer(
        `/rescue-requests/${command.data.requestId}/investigation`,
        without(command.data, 'requestId'),
      );
    case 'RecordVictimsFound':
      return officer(
        `/rescue-requests/${command.data.requestId}/victims`,
        without(command.data, 'requestId'),
      );
    case 'HandOverToImmigration':
      return officer(
        `/rescue-requests/${command.data.requestId}/handovers`,
        without(command.data, 'requestId'),
      );
    case 'CloseRescueRequest':
      return officer(
        `/rescue-requests/${command.data.requestId}/closure`,
        without(command.data, 'requestId'),
      );
  }
}

/** A made-up identity, the same for the same person: what the personal-data store encrypts. */
export function fixtureIdentity(personId: string, nationality: string, dateOfBirth?: string) {
  const tail = personId.slice(-6);
  return {
    name: `Fixture Person ${tail}`,
    ...(dateOfBirth === undefined ? {} : { dateOfBirth }),
    document: { kind: 'passport', number: `FX${tail}`, issuingCountry: nationality },
    photoReference: `photos/${personId}.jpg`,
  };
}

/** Records each step through the API with a token of the step's agency; returns the answers' positions. */
export async function replay(
  ledger: RunningLedger,
  steps: readonly { agencyId: string; command: LedgerCommand }[],
): Promise<string[]> {
  const positions: string[] = [];
  for (const step of steps) {
    const request = toRequest(step.command);
    const token = await ledger.token(step.agencyId, request.role);
    const answer = await ledger.request('POST', request.path, { token, body: request.body });
    if (answer.status !== 201) {
      throw new Error(
        `${step.command.type} by ${step.agencyId} answered ${answer.status}: ${JSON.stringify(answer.body)}`,
      );
    }
    positions.push(answer.body.position);
  }
  return positions;
}

/**
 * The September 2022 fixtures in an order the API accepts: both operations, the case, the deportation, then the
 * first `rescueRequests` rescue requests (all by default).
 */
export function september2022Steps(rescueRequests = RESCUE_REQUESTS_2022_STEPS.length) {
  return [
    ...SIHANOUKVILLE_OPERATION_STEPS,
    ...GDI_SWEEP_OPERATION_STEPS,
    ...SIHANOUKVILLE_CASE_STEPS,
    ...SEPT_23_DEPORTATION_STEPS,
    ...RESCUE_REQUESTS_2022_STEPS.slice(0, rescueRequests),
    ...NEED_TO_KNOW_2022_STEPS,
    ...PERSONS_2022_STEPS,
    ...AGENCY_REGISTER_2022_STEPS,
  ];
}

export interface Route {
  method: string;
  /** As the OpenAPI document writes it: `/operations/{operationId}/raids`. */
  template: string;
}

/** Every route of the running ledger's OpenAPI document. */
export async function openApiRoutes(ledger: RunningLedger): Promise<Route[]> {
  const document = (await (await fetch(`${ledger.url}/docs-json`)).json()) as {
    paths: Record<string, Record<string, unknown>>;
  };
  return Object.entries(document.paths).flatMap(([template, methods]) =>
    Object.keys(methods).map((method) => ({ method: method.toUpperCase(), template })),
  );
}

export type ExampleRequest = CommandRequest & { agencyId: string };

/** A route template with every parameter written `{id}`, to match templates to requests. */
export const genericTemplate = (template: string): string => template.replace(/\{[^}]+\}/g, '{id}');

/** The requests the steps make, by generic route template, each with the agency that sent it. */
export function examplesByRoute(
  steps: readonly { agencyId: string; command: LedgerCommand }[],
): Map<string, ExampleRequest[]> {
  const examples = new Map<string, ExampleRequest[]>();
  for (const step of steps) {
    const request = toRequest(step.command);
    const key = request.path.replace(/\/[0-9a-f-]{36}(?=\/|$)/g, '/{id}');
    examples.set(key, [...(examples.get(key) ?? []), { ...request, agencyId: step.agencyId }]);
  }
  return examples;
}
