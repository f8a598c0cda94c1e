/**
 * The September 2022 history appended to a real store and projected: the figures the reports
 * publish come back from plain queries on the views.
 */
import { afterAll, beforeAll, expect, it } from '@jest/globals';
import { SIHANOUKVILLE_OPERATION_ID, SIHANOUKVILLE_TRAFFICKING_CASE_ID } from '@ledger/domain/fixtures';
import type { Projector } from '@ledger/read-models';
import { appendSeptember2022, caughtUp, describeOnDatabases, projectorOn } from './support.js';

describeOnDatabases('statistics projected from the September 2022 history', (db) => {
  let schema: string;
  let projector: Projector;

  beforeAll(async () => {
    await appendSeptember2022(db().store);
    schema = db().newSchema();
    projector = await projectorOn(db(), schema);
    projector.start();
    await caughtUp(db(), projector);
  });
  afterAll(() => projector?.stop());

  const query = async <R>(text: string, params: unknown[] = []) =>
    (await db().sql.query<R>(text.replaceAll('$schema', `"${schema}"`), params)).rows;

  it('reports the first Preah Sihanouk raid: 469 foreigners of 10 nationalities in 8 buildings, 168 and 236 undocumented', async () => {
    const [day] = await query<Record<string, bigint>>(
      `SELECT raids, premises_inspected, foreigners_screened, without_passport, without_work_permit
       FROM $schema.province_daily WHERE province_code = 'KH-18' AND day = '2022-09-19'`,
    );
    expect(day).toEqual({
      raids: 1n,
      premises_inspected: 8n,
      foreigners_screened: 469n,
      without_passport: 168n,
      without_work_permit: 236n,
    });
    const [breakdown] = await query<{ nationalities: bigint; women: bigint }>(
      `SELECT count(DISTINCT nationality) AS nationalities,
              (sum(screened) FILTER (WHERE sex = 'female'))::bigint AS women
       FROM $schema.province_nationality_daily
       WHERE province_code = 'KH-18' AND day = '2022-09-19' AND screened > 0`,
    );
    expect(breakdown).toEqual({ nationalities: 10n, women: 120n });
  });

  it('reports the fines, the second raid and the month for the province', async () => {
    const [month] = await query<Record<string, bigint>>(
      `SELECT sum(fines_riel)::bigint AS fines_riel, sum(persons_screened)::bigint AS screened,
              sum(raids)::bigint AS raids
       FROM $schema.province_daily
       WHERE province_code = 'KH-18' AND day BETWEEN '2022-09-01' AND '2022-09-30'`,
    );
    expect(month).toEqual({ fines_riel: 118_000_000n, screened: 883n, raids: 2n });
    const [galaxy] = await query<{ nationalities: bigint }>(
      `SELECT count(DISTINCT nationality) AS nationalities FROM $schema.province_nationality_daily
       WHERE province_code = 'KH-18' AND day = '2022-09-21' AND screened > 0`,
    );
    expect(galaxy?.nationalities).toBe(5n);
  });

  it('reports the deportations of 23 September: 230 persons, 50 women, 228 Vietnamese and 2 Chinese', async () => {
    const [national] = await query<Record<string, bigint>>(
      `SELECT sum(persons_deported)::bigint AS persons, sum(women_deported)::bigint AS women,
              sum(deportations_executed)::bigint AS deportations
       FROM $schema.province_daily WHERE day = '2022-09-23'`,
    );
    expect(national).toEqual({ persons: 230n, women: 50n, deportations: 1n });
    const byNationality = await query<{ nationality: string; deported: bigint }>(
      `SELECT nationality, sum(deported)::bigint AS deported FROM $schema.province_nationality_daily
       WHERE day = '2022-09-23' GROUP BY nationality HAVING sum(deported) > 0 ORDER BY nationality`,
    );
    expect(byNationality).toEqual([
      { nationality: 'CHN', deported: 2n },
      { nationality: 'VNM', deported: 228n },
    ]);
  });

  it("keeps an agency's led, joined and own figures apart", async () => {
    const rows = await query<{ agency_id: string; capacity: string; screened: bigint; cases: bigint }>(
      `SELECT agency_id, capacity, sum(persons_screened)::bigint AS screened, sum(cases_opened)::bigint AS cases
       FROM $schema.agency_daily WHERE agency_id IN ('admin-kh-18', 'ahtjp-kh-18')
       GROUP BY agency_id, capacity ORDER BY agency_id, capacity`,
    );
    expect(rows).toEqual([
      { agency_id: 'admin-kh-18', capacity: 'led', screened: 883n, cases: 0n },
      { agency_id: 'ahtjp-kh-18', capacity: 'joined', screened: 883n, cases: 0n },
      { agency_id: 'ahtjp-kh-18', capacity: 'own', screened: 0n, cases: 1n },
    ]);
  });

  it('gives the timeline of an operation, its cases included, in order and with who recorded each event', async () => {
    const rows = await query<{ type: string; aggregate: string; agency_id: string; position: bigint }>(
      `SELECT type, aggregate, agency_id, position FROM $schema.timeline
       WHERE operation_id = $1 ORDER BY position`,
      [SIHANOUKVILLE_OPERATION_ID],
    );
    expect(rows.map((r) => r.type)).toEqual([
      'JointOperationPlanned',
      ...Array<string>(6).fill('AgencyJoinedOperation'),
      'RaidConducted',
      'SuspectsDetained',
      'VictimsIdentified',
      'FineImposed',
      'RaidConducted',
      'OffencesIdentified',
      'DetaineeReleased',
      'JointOperationClosed',
      'CaseOpened',
      'CaseSentToCourt',
      // Need-to-know is part of a case's story, though it changes no figure.
      'CaseSealed',
      'CaseAccessGranted',
      'CaseAccessGranted',
      'CaseAccessRevoked',
      'CaseOpened',
      'CaseSealed',
      'CaseUnsealed',
    ]);
    expect(rows.find((r) => r.type === 'RaidConducted')?.agency_id).toBe('police-kh-18');
    const caseRows = await query<{ type: string }>(
      `SELECT type FROM $schema.timeline WHERE aggregate = 'case' AND aggregate_id = $1 ORDER BY position`,
      [SIHANOUKVILLE_TRAFFICKING_CASE_ID],
    );
    expect(caseRows.map((r) => r.type)).toEqual([
      'CaseOpened',
      'CaseSentToCourt',
      'CaseSealed',
      'CaseAccessGranted',
      'CaseAccessGranted',
      'CaseAccessRevoked',
    ]);
  });

  it('answers the timeline of an operation or a case from an index', async () => {
    // The tables are small enough for a sequential scan to win: forbid it to see that an index serves.
    const plans = await db().sql.transaction(async (tx) => {
      await tx.query('SET LOCAL enable_seqscan = off');
      const explain = async (where: string) =>
        (
          await tx.query<{ 'QUERY PLAN': string }>(
            `EXPLAIN SELECT * FROM "${schema}".timeline WHERE ${where} ORDER BY position`,
          )
        ).rows
          .map((r) => r['QUERY PLAN'])
          .join('\n');
      return [
        await explain(`operation_id = 'x'`),
        await explain(`aggregate = 'case' AND aggregate_id = 'x'`),
      ];
    });
    for (const plan of plans) {
      expect(plan).toMatch(/Index/);
      expect(plan).not.toMatch(/Sort/);
    }
  });
});
