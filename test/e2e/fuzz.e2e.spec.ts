/**
 * Whatever a client sends, the ledger answers 4xx or better and appends nothing for what it refuses. Every route of
 * the OpenAPI document is sent, many times over, requests built from valid ones by breaking them: a field dropped,
 * retyped or replaced by arbitrary JSON, unknown fields, bodies that are not JSON or not objects, odd content types,
 * odd ids in the path, odd idempotency keys, malformed tokens. After each refusal the newest record must be the same
 * (the access log's entries for denials and failed sign-ins aside).
 */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import fc from 'fast-check';
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

const STEPS = september2022Steps(3);

describe('malformed requests to every endpoint', () => {
  let ledger: RunningLedger;
  let routes: Route[];
  let examples: Map<string, ExampleRequest[]>;

  // Refusals do append to the access log (access-* streams), on purpose: the records must not move.
  const head = (): Promise<string> => ledgerRecordsHead(ledger.store);

  beforeAll(async () => {
    // Budgets high enough for the run: the budgets themselves are tested elsewhere.
    ledger = await startLedger(
      { name: 'pglite' },
      { RATE_LIMIT_PER_ADDRESS: '100000', RATE_LIMIT_PER_ACTOR: '100000' },
    );
    await replay(ledger, STEPS);
    examples = examplesByRoute(STEPS);
    routes = await openApiRoutes(ledger);
  }, 120_000);
  afterAll(() => ledger?.close());

  it('never answers 5xx and appends nothing it refused', async () => {
    expect(routes.length).toBeGreaterThan(40);
    const ids = [
      ...new Set([...examples.values()].flat().flatMap((e) => e.path.match(/[0-9a-f-]{36}/g) ?? [])),
    ];
    const odd = fc.oneof(
      fc.constantFrom(
        '',
        ' ',
        '..',
        '%2e%2e',
        'null',
        '0',
        '-1',
        '1e309',
        'NaN',
        '%00',
        "' OR 1=1 --",
        'ä',
        '🚔',
      ),
      fc.uuid(),
      fc.string({ maxLength: 300 }).map(encodeURIComponent),
    );
    const pathParam = fc.oneof(fc.constantFrom(...ids), odd);
    const json = fc.jsonValue({ maxDepth: 4 });
    const mutate = (body: Record<string, unknown>) =>
      fc.oneof(
        // As sent before: the rules (not validation) must refuse a repeat, or it is a new fact.
        { arbitrary: fc.constant(body), weight: 4 },
        fc.constantFrom(...Object.keys(body)).map((key) => {
          const { [key]: _dropped, ...rest } = body;
          return rest;
        }),
        fc
          .tuple(fc.constantFrom(...Object.keys(body)), json)
          .map(([key, value]) => ({ ...body, [key]: value })),
        fc
          .tuple(fc.string({ minLength: 1, maxLength: 20 }), json)
          .map(([key, value]) => ({ ...body, [key]: value })),
        json,
      );
    const request = fc.tuple(fc.constantFrom(...routes), fc.nat()).chain(([route, pick]) => {
      const known = examples.get(genericTemplate(route.template)) ?? [];
      const example = known[pick % Math.max(known.length, 1)];
      return fc.record({
        route: fc.constant(route),
        example: fc.constant(example),
        // Mostly the example's own path (an aggregate that exists), else odd ids.
        path: fc.oneof(
          { arbitrary: fc.constant(example?.path ?? route.template), weight: example ? 3 : 0 },
          {
            arbitrary: fc.array(pathParam, { minLength: 3, maxLength: 3 }).map((values) => {
              let i = 0;
              return route.template.replace(/\{[^}]+\}/g, () => values[i++ % 3]!);
            }),
            weight: 2,
          },
        ),
        body: example ? mutate(example.body) : json,
        raw: fc.option(
          fc.oneof(fc.string({ maxLength: 200 }), fc.constantFrom('{', '[1,', '{"a":', 'null')),
          {
            freq: 5,
          },
        ),
        contentType: fc.constantFrom(
          'application/json',
          'application/json',
          'application/json',
          'text/plain',
          'application/x-www-form-urlencoded',
          '',
        ),
        idempotencyKey: fc.option(fc.oneof(fc.string({ maxLength: 300 }), fc.uuid()), { freq: 3 }),
        auth: fc.constantFrom('example', 'example', 'example', 'other-agency', 'analyst', 'garbage', 'none'),
      });
    });

    let before = await head();
    const statuses = new Map<number, number>();
    await fc.assert(
      fc.asyncProperty(request, async (r) => {
        const agencyId = r.example?.agencyId ?? 'gdi';
        const role = r.example?.role ?? 'coordinator';
        const token =
          r.auth === 'none'
            ? undefined
            : r.auth === 'garbage'
              ? 'e30.e30.'
              : await ledger.token(
                  r.auth === 'other-agency'
                    ? agencyId === 'military-police'
                      ? 'dacg'
                      : 'military-police'
                    : agencyId,
                  r.auth === 'analyst' ? 'analyst' : role,
                );
        const headers: Record<string, string> = {};
        if (r.contentType !== '') headers['content-type'] = r.contentType;
        if (r.idempotencyKey !== null) headers['idempotency-key'] = r.idempotencyKey.replace(/[\r\n]/g, '');
        const send =
          r.route.method === 'GET'
            ? {}
            : r.raw !== null
              ? { rawBody: r.raw }
              : { rawBody: JSON.stringify(r.body) };
        let answer;
        try {
          answer = await ledger.request(r.route.method, r.path, {
            ...(token && { token }),
            headers,
            ...send,
          });
        } catch (error) {
          // fetch itself refuses some header values (e.g. non-Latin-1 idempotency keys): nothing was sent.
          if (error instanceof TypeError) return;
          throw error;
        }
        statuses.set(answer.status, (statuses.get(answer.status) ?? 0) + 1);
        expect({
          route: `${r.route.method} ${r.path}`,
          status: answer.status < 500,
          body: answer.status < 500 ? '' : answer.body,
        }).toEqual({
          route: `${r.route.method} ${r.path}`,
          status: true,
          body: '',
        });
        const after = await head();
        if (answer.status >= 400)
          expect({ refused: answer.status, head: after }).toEqual({ refused: answer.status, head: before });
        before = after;
      }),
      { numRuns: 400, interruptAfterTimeLimit: 90_000 },
    );
    console.log(
      `fuzz: answers by status ${JSON.stringify(Object.fromEntries([...statuses].sort(([a], [b]) => a - b)))}`,
    );
    // The mutations reach past authentication into validation and the rules, not only the front door.
    expect([...statuses.keys()].filter((status) => status === 400 || status === 422).length).toBeGreaterThan(
      0,
    );
  }, 180_000);
});
