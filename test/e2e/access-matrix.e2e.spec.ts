/**
 * Who may do what, route by route: every route of the OpenAPI document against every role, and the recordings on
 * operations and cases against agencies that take part and agencies that do not. Allowed means the request gets
 * past the access check (whatever the rules then say); refused means 403 with the reason, and nothing appended but
 * the access log's entry for the denial.
 */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { Role } from '@ledger/auth';
import {
  DEPORTEE,
  SEPT_23_DEPORTATION_ID,
  SIHANOUKVILLE_OPERATION_ID,
  SIHANOUKVILLE_TRAFFICKING_CASE_ID,
} from '@ledger/domain/fixtures';
import {
  examplesByRoute,
  genericTemplate,
  openApiRoutes,
  replay,
  september2022Steps,
  type ExampleRequest,
  type Route,
} from '../support/command-routes.js';
import { startLedger, type RunningLedger } from '../support/ledger-app.js';
import { ledgerRecordsHead } from '../support/ledger-records.js';
import { operationWithRaid, PARTICIPANT, raidBody, suspect } from '../support/scenario.js';

const STEPS = september2022Steps(2);

const ROLES = Object.values(Role);
const READERS = ROLES;
const RECORDERS = [Role.Officer, Role.Coordinator];
const AUDITORS = [Role.Analyst, Role.Auditor, Role.Admin];

/** The policy, written out by hand so the test does not restate the code it checks. */
function allowedRoles(method: string, template: string): readonly Role[] {
  if (template === '/audit/access-log') return [Role.Auditor, Role.Admin];
  if (template.startsWith('/audit/')) return AUDITORS;
  if (template === '/admin/projections/{projection}/rebuild') return [Role.Admin];
  if (method === 'POST' && template.startsWith('/reference/agencies')) return [Role.Admin];
  // Identities: never to analysts; erasure by coordinators.
  if (method === 'GET' && template === '/persons/{personId}')
    return [Role.Officer, Role.Coordinator, Role.Auditor];
  if (template === '/persons/{personId}/erasure') return [Role.Coordinator];
  if (method === 'GET') return READERS;
  if (
    template === '/operations' ||
    template.endsWith('/participants') ||
    template.endsWith('{operationId}/closure')
  ) {
    return [Role.Coordinator];
  }
  return RECORDERS;
}

describe('the access matrix', () => {
  let ledger: RunningLedger;
  let examples: Map<string, ExampleRequest[]>;
  let routes: Route[];
  let rescueRequestId: string;

  /**
   * Valid commands the fixtures do not send, dated before their record began: the rules refuse them after the
   * access check, so an allowed role gets past it and nothing is appended.
   */
  const otherCommands = (): [string, string, Record<string, unknown>, string][] => {
    const longAgo = '2000-01-01T00:00:00Z';
    const rescue = (step: string) => `/rescue-requests/${rescueRequestId}/${step}`;
    return [
      // The fixtures' mission was retired: the rules refuse both.
      [
        '/reference/agencies/{agencyId}/renaming',
        '/reference/agencies/mission-lka/renaming',
        { name: 'Another name', occurredAt: longAgo },
        'national-police',
      ],
      [
        '/reference/agencies/{agencyId}/retirement',
        '/reference/agencies/mission-lka/retirement',
        { reason: 'closed', occurredAt: longAgo },
        'national-police',
      ],
      [
        '/cases/{caseId}/dismissal',
        `/cases/${SIHANOUKVILLE_TRAFFICKING_CASE_ID}/dismissal`,
        { reason: 'no evidence', occurredAt: longAgo },
        'ahtjp-kh-18',
      ],
      [
        '/deportations/{deportationId}/cancellation',
        `/deportations/${SEPT_23_DEPORTATION_ID}/cancellation`,
        { reason: 'appeal', occurredAt: longAgo },
        'gdi',
      ],
      [
        '/rescue-requests/{requestId}/closure',
        rescue('closure'),
        { outcome: 'resolved', occurredAt: longAgo },
        'ahtjp',
      ],
      [
        '/rescue-requests/{requestId}/handovers',
        rescue('handovers'),
        { toAgencyId: 'gdi', personIds: ['victim-1'], occurredAt: longAgo },
        'ahtjp',
      ],
      [
        '/rescue-requests/{requestId}/investigation',
        rescue('investigation'),
        { findings: 'located', occurredAt: longAgo },
        'ahtjp',
      ],
      [
        '/rescue-requests/{requestId}/victims',
        rescue('victims'),
        {
          victims: [{ personId: 'victim-1', nationality: 'VNM', sex: 'female', minor: false }],
          occurredAt: longAgo,
        },
        'ahtjp',
      ],
    ];
  };

  // Denials do append to the access log (access-* streams), on purpose: the records must not move.
  const head = () => ledgerRecordsHead(ledger.store);

  beforeAll(async () => {
    ledger = await startLedger({ name: 'pglite' });
    await replay(ledger, STEPS);
    examples = examplesByRoute(STEPS);
    for (const step of STEPS) {
      if (step.command.type === 'ReceiveRescueRequest')
        rescueRequestId ??= String(step.command.data.requestId);
    }
    await operationWithRaid(ledger, 'op-matrix');
    routes = await openApiRoutes(ledger);
  }, 120_000);
  afterAll(() => ledger?.close());

  /** A request on the route that the access check is the first thing to stop. */
  function requestFor(method: string, template: string): { path: string; body?: unknown; agencyId: string } {
    if (method === 'POST') {
      const example = examples.get(genericTemplate(template))?.at(-1);
      // Grants and seals can be made again once undone: dated before the case, the rules refuse them.
      if (example && /\/(seal|unsealing|access-grants|access-revocations)$/.test(template)) {
        return { ...example, body: { ...example.body, occurredAt: '2000-01-01T00:00:00Z' } };
      }
      if (example) return example;
      if (template === '/admin/projections/{projection}/rebuild') {
        return { path: '/admin/projections/no-such-projection/rebuild', body: {}, agencyId: 'gdi' };
      }
      const other = otherCommands().find(([route]) => route === template);
      if (!other) throw new Error(`no request for POST ${template}`);
      const [, path, body, agencyId] = other;
      return { path, body, agencyId };
    }
    const id = template.startsWith('/operations')
      ? SIHANOUKVILLE_OPERATION_ID
      : template.startsWith('/cases')
        ? SIHANOUKVILLE_TRAFFICKING_CASE_ID
        : template.startsWith('/deportations')
          ? SEPT_23_DEPORTATION_ID
          : rescueRequestId;
    const path = template
      .replace('{id}', id)
      .replace('{list}', 'agencies')
      .replace('{provinceCode}', 'KH-18')
      .replace('{agencyId}', 'gdi')
      // An adult who is not a victim: the role decides, not need-to-know.
      .replace('{personId}', DEPORTEE.personId)
      .replace('{size}', '1');
    const query =
      template === '/audit/proofs/inclusion'
        ? '?eventId=0190c4e0-0000-7000-8000-000000000000'
        : template === '/audit/proofs/consistency'
          ? '?from=1&to=1'
          : '';
    return { path: `${path}${query}`, agencyId: 'gdi' };
  }

  it('lets every role do exactly what its row allows, on every route', async () => {
    const checked = routes.filter(
      ({ template }) => !template.startsWith('/health/') && template !== '/audit/public-key',
    );
    expect(checked.length).toBeGreaterThan(40);
    const before = await head();
    const mismatches: string[] = [];
    for (const { method, template } of checked) {
      const request = requestFor(method, template);
      for (const role of ROLES) {
        const answer = await ledger.request(method, request.path, {
          token: await ledger.token(request.agencyId, role),
          ...(request.body === undefined ? {} : { body: request.body }),
        });
        const allowed = allowedRoles(method, template).includes(role);
        const outcome =
          answer.status === 403 ? 'refused' : answer.status === 401 ? 'unauthenticated' : 'allowed';
        if (outcome !== (allowed ? 'allowed' : 'refused') || answer.status >= 500) {
          mismatches.push(
            `${role} ${method} ${request.path}: ${answer.status} ${JSON.stringify(answer.body)}`,
          );
        }
        if (outcome === 'refused') expect(answer.body.detail).toMatch(new RegExp(`role ${role} may not`));
      }
    }
    expect(mismatches).toEqual([]);
    // Replayed examples are refused by the rules (already recorded) or refused access: nothing new either way.
    expect(await head()).toBe(before);
  }, 120_000);

  it('lets only agencies that take part record on an operation or a case, and says why not', async () => {
    const recordings: [string, unknown][] = [
      ['/operations/op-matrix/raids', raidBody('raid-2')],
      [
        '/operations/op-matrix/detentions',
        { raidId: 'raid-1', occurredAt: '2022-09-21T10:00:00+07:00', suspects: [suspect(1)] },
      ],
      ['/operations/op-matrix/offences', { offences: ['other'], occurredAt: '2022-09-21T10:00:00+07:00' }],
    ];
    for (const [path, body] of recordings) {
      const outsider = await ledger.request('POST', path, {
        token: await ledger.token('military-police', 'officer'),
        body,
      });
      expect({ path, status: outsider.status, rule: outsider.body.rule }).toEqual({
        path,
        status: 403,
        rule: 'agency-not-participating',
      });
      const member = await ledger.request('POST', path, {
        token: await ledger.token(PARTICIPANT, 'officer'),
        body,
      });
      expect({ path, status: member.status }).toEqual({ path, status: 201 });
    }
    const caseExample = examples.get('/cases/{id}/court-referrals')?.at(-1);
    expect(caseExample).toBeDefined();
    const outsider = await ledger.request('POST', caseExample!.path, {
      token: await ledger.token('military-police', 'officer'),
      body: caseExample!.body,
    });
    // Only the agency that opened a case acts on it.
    expect(outsider.status).toBe(403);
    expect(outsider.body.rule).toBe('not-case-agency');
  }, 60_000);
});
