/**
 * Many writers on many streams while the projector follows the log and a rebuild runs: the read
 * models end up equal to a rebuild, with every fact counted exactly once.
 */
import { expect, it } from '@jest/globals';
import type { LedgerEvent } from '@ledger/domain';
import { toEventData } from '../../libs/read-models/src/statistics/september-2022.spec-helper.js';
import {
  append,
  caughtUp,
  cleanRun,
  describeOnDatabases,
  projectorOn,
  readModels,
  recordingLogger,
  type TestDatabase,
} from './support.js';

const WRITERS = 8;
const OPERATIONS_PER_WRITER = 4;
const PROVINCES = ['KH-12', 'KH-18', 'KH-17', 'KH-2'];

const at = (day: number, hour: number) => new Date(Date.UTC(2022, 9, day, hour)).toISOString();

/** One operation with a raid, its case, its deportation and a rescue request, stream by stream. */
function operationHistory(writer: number, n: number): { streamId: string; events: LedgerEvent[] }[] {
  const id = `conc-${writer}-${n}`;
  const operationId = `op-${id}`;
  const provinceCode = PROVINCES[(writer + n) % PROVINCES.length]!;
  const day = 1 + ((writer * 7 + n) % 28);
  const lead = `lead-${writer}`;
  const person = (k: number) => ({
    personId: `${id}-p${k}`,
    nationality: k % 2 ? 'VNM' : 'CHN',
    sex: k % 3 ? ('male' as const) : ('female' as const),
    minor: k === 4,
  });
  return [
    {
      streamId: `operation-${operationId}`,
      events: [
        {
          type: 'JointOperationPlanned',
          schemaVersion: 1,
          data: {
            operationId,
            leadAgencyId: lead,
            title: id,
            target: { provinceCode, premises: [] },
            legalAuthority: {
              kind: 'prosecutor-order',
              reference: id,
              issuedBy: 'p',
              issuedOn: '2022-10-01',
            },
            plannedStart: '2022-10-01',
            occurredAt: at(day, 1),
          },
        },
        {
          type: 'AgencyJoinedOperation',
          schemaVersion: 1,
          data: { operationId, agencyId: 'gdi', occurredAt: at(day, 2) },
        },
        {
          type: 'RaidConducted',
          schemaVersion: 1,
          data: {
            operationId,
            raidId: 'r1',
            occurredAt: at(day, 3),
            location: { provinceCode, premises: 'p' },
            premisesInspected: 2,
            screened: [
              { nationality: 'CHN', sex: 'male', count: 10 + writer },
              { nationality: 'VNM', sex: 'female', count: 5 + n },
            ],
            withoutValidPassport: 3,
            withoutWorkPermit: 4,
            recordedBy: lead,
          },
        },
        {
          type: 'SuspectsDetained',
          schemaVersion: 1,
          data: {
            operationId,
            raidId: 'r1',
            suspects: [0, 1, 2].map((k) => ({ ...person(k), offence: 'human-trafficking' as const })),
            occurredAt: at(day, 4),
          },
        },
        {
          type: 'FineImposed',
          schemaVersion: 1,
          data: {
            operationId,
            fineId: 'f',
            amountRiel: 1_000,
            reason: 'r',
            raidId: 'r1',
            occurredAt: at(day, 5),
          },
        },
      ],
    },
    {
      streamId: `case-${id}`,
      events: [
        {
          type: 'CaseOpened',
          schemaVersion: 1,
          data: {
            caseId: id,
            operationId,
            openedBy: 'ahtjp',
            offences: [n % 2 ? 'human-trafficking' : 'illegal-gambling'],
            suspects: [person(0)],
            victims: [person(4)],
            occurredAt: at(day, 6),
          },
        },
        {
          type: 'CaseSentToCourt',
          schemaVersion: 1,
          data: {
            caseId: id,
            courtId: 'c',
            prosecutorId: 'p',
            suspectsSent: [person(0).personId],
            foreignersSent: 1,
            occurredAt: at(day, 7),
          },
        },
      ],
    },
    {
      streamId: `deportation-${id}`,
      events: [
        {
          type: 'DeportationOrdered',
          schemaVersion: 1,
          data: {
            deportationId: id,
            orderedBy: 'gdi',
            operationId,
            legalGround: 'illegal-entry',
            persons: [person(1), person(2), person(3)],
            occurredAt: at(day, 8),
          },
        },
        ...[[person(1)], [person(2), person(3)]].map((persons): LedgerEvent => ({
          type: 'DeportationExecuted',
          schemaVersion: 1,
          data: {
            deportationId: id,
            executedOn: '2022-10-30',
            checkpoint: 'pnh-airport',
            persons: persons.map((p) => p.personId),
            byNationality: persons.map((p) => ({ nationality: p.nationality, sex: p.sex, count: 1 })),
            occurredAt: at(30, 1),
          },
        })),
      ],
    },
    {
      streamId: `rescue-${id}`,
      events: [
        {
          type: 'RescueRequestReceived',
          schemaVersion: 1,
          data: {
            requestId: id,
            fromMissionId: 'mission-vnm',
            receivedBy: 'ahtjp',
            persons: [{ nationality: 'VNM', count: 2 }],
            occurredAt: at(day, 9),
          },
        },
        ...[10, 11].map((hour): LedgerEvent => ({
          type: 'RescueRequestInvestigated',
          schemaVersion: 1,
          data: { requestId: id, investigatedBy: 'ahtjp', findings: 'f', occurredAt: at(day, hour) },
        })),
      ],
    },
  ];
}

/** Each writer appends its operations event by event; the writers run side by side. */
async function runWriters(db: TestDatabase): Promise<void> {
  await Promise.all(
    Array.from({ length: WRITERS }, async (_, writer) => {
      for (let n = 0; n < OPERATIONS_PER_WRITER; n++) {
        for (const { streamId, events } of operationHistory(writer, n)) {
          for (const event of events) await append(db.store, streamId, [toEventData(event)]);
        }
      }
    }),
  );
}

describeOnDatabases('concurrent writers', (db) => {
  it('leave read models equal to a rebuild, with each fact counted once, while the projector follows and rebuilds', async () => {
    const schema = db().newSchema();
    const logger = recordingLogger();
    const projector = await projectorOn(db(), schema, {
      logger,
      batch: { maxEvents: 20, maxWaitMs: 5 },
      rebuildBatch: { maxEvents: 20, maxWaitMs: 5 },
    });
    projector.start();
    let rebuilt;
    try {
      const writing = runWriters(db());
      // A rebuild that starts mid-stream has to catch up with writers that keep going.
      rebuilt = await projector.rebuild();
      await writing;
      await caughtUp(db(), projector);
    } finally {
      await projector.stop();
    }
    expect(logger.errors).toEqual([]);
    expect(rebuilt.generation).toBe(2);

    const live = await readModels(db().sql, schema);
    expect(live).toEqual(await cleanRun(db()));
    await projector.rebuild();
    expect(await readModels(db().sql, schema)).toEqual(live);

    const operations = WRITERS * OPERATIONS_PER_WRITER;
    const { rows } = await db().sql.query<Record<string, bigint>>(
      `SELECT sum(operations_planned)::bigint AS planned, sum(persons_screened)::bigint AS screened,
              sum(suspects_detained)::bigint AS detained, sum(fines_riel)::bigint AS fines,
              sum(trafficking_cases_opened)::bigint AS trafficking, sum(persons_deported)::bigint AS deported,
              sum(deportations_executed)::bigint AS executed,
              sum(rescue_requests_investigated)::bigint AS investigated
       FROM "${schema}".province_daily`,
    );
    let screened = 0;
    for (let writer = 0; writer < WRITERS; writer++) {
      for (let n = 0; n < OPERATIONS_PER_WRITER; n++) screened += 10 + writer + 5 + n;
    }
    expect(rows[0]).toEqual({
      planned: BigInt(operations),
      screened: BigInt(screened),
      detained: BigInt(3 * operations),
      fines: BigInt(1_000 * operations),
      trafficking: BigInt(operations / 2),
      deported: BigInt(3 * operations),
      executed: BigInt(operations),
      investigated: BigInt(operations),
    });
    const { rows: timeline } = await db().sql.query<{ n: bigint }>(
      `SELECT count(*) AS n FROM "${schema}".timeline WHERE stream_id LIKE '%conc-%'`,
    );
    expect(timeline[0]?.n).toBe(BigInt(operations * 13));
  });
});
