/**
 * The ledger must be able to answer the national figures the reports quote. These specs record
 * synthetic histories of the reported size through the deciders, then answer the figures from
 * the events alone, as a read model would.
 */
import { describe, expect, it } from '@jest/globals';
import { caseDecider } from './case/case.decider.js';
import type { CaseEvent } from './case/case.events.js';
import { jointOperationDecider } from './joint-operation/joint-operation.decider.js';
import type { JointOperationCommand } from './joint-operation/joint-operation.commands.js';
import type { JointOperationEvent } from './joint-operation/joint-operation.events.js';
import { isTraffickingOffence } from './reference-data/offences.js';
import { rescueRequestDecider } from './rescue-request/rescue-request.decider.js';
import type { RescueRequestCommand } from './rescue-request/rescue-request.commands.js';
import type { RescueRequestEvent } from './rescue-request/rescue-request.events.js';
import { fold, type DecideContext } from './shared/decider.js';

const NOW = new Date('2025-03-27T00:00:00.000Z');
const ctx = (agencyId: string): DecideContext => ({
  now: NOW,
  actor: { userId: 'u', agencyId, role: 'officer' },
});
const at = (day: number) => new Date(Date.UTC(2024, 0, 1 + day, 3)).toISOString();

describe('2024: 197 trafficking cases, 523 victims (230 minors), 273 suspects sent to court (30 foreigners)', () => {
  const OP = 'op-2024';
  const lead = 'ahtjp-kh-12';
  const suspects = Array.from({ length: 273 }, (_, i) => ({
    personId: `s${i}`,
    nationality: i < 30 ? 'CHN' : 'KHM',
    sex: 'male' as const,
    minor: false,
    offence: 'human-trafficking' as const,
  }));
  const victims = Array.from({ length: 523 }, (_, i) => ({
    personId: `v${i}`,
    nationality: 'KHM',
    sex: i % 2 ? ('male' as const) : ('female' as const),
    minor: i < 230,
  }));
  const commands: JointOperationCommand[] = [
    {
      type: 'PlanJointOperation',
      data: {
        operationId: OP,
        leadAgencyId: lead,
        title: 'Counter-trafficking operations 2024',
        target: { provinceCode: 'KH-12', premises: [] },
        legalAuthority: {
          kind: 'prosecutor-order',
          reference: 'PO-2024',
          issuedBy: 'prosecutor-kh-12',
          issuedOn: '2024-01-01',
        },
        plannedStart: '2024-01-01',
        occurredAt: at(0),
      },
    },
    {
      type: 'RecordRaid',
      data: {
        operationId: OP,
        raidId: 'r1',
        occurredAt: at(1),
        location: { provinceCode: 'KH-12', premises: 'various' },
        premisesInspected: 197,
        screened: [
          { nationality: 'KHM', sex: 'male', count: 243 },
          { nationality: 'CHN', sex: 'male', count: 30 },
        ],
        withoutValidPassport: 0,
        withoutWorkPermit: 0,
      },
    },
    { type: 'DetainSuspects', data: { operationId: OP, raidId: 'r1', suspects, occurredAt: at(2) } },
    {
      type: 'IdentifyVictims',
      data: { operationId: OP, raidId: 'r1', victims, rescued: true, occurredAt: at(2) },
    },
  ];
  const opEvents: JointOperationEvent[] = [];
  for (const c of commands)
    opEvents.push(...jointOperationDecider.decide(c, fold(jointOperationDecider, opEvents), ctx(lead)));
  const operation = fold(jointOperationDecider, opEvents);

  // 197 cases: the first 76 take two suspects, the first 129 take three victims.
  const caseEvents: CaseEvent[] = [];
  let s = 0;
  let v = 0;
  for (let i = 0; i < 197; i++) {
    const suspectIds = suspects.slice(s, (s += i < 76 ? 2 : 1)).map((p) => p.personId);
    const victimIds = victims.slice(v, (v += i < 129 ? 3 : 2)).map((p) => p.personId);
    const stream: CaseEvent[] = [];
    const caseCtx = { ...ctx(lead), operation };
    stream.push(
      ...caseDecider.decide(
        {
          type: 'OpenCase',
          data: {
            caseId: `case-${i}`,
            operationId: OP,
            offences: [i % 3 ? 'human-trafficking' : 'sexual-exploitation'],
            suspectIds,
            victimIds,
            occurredAt: at(10 + (i % 300)),
          },
        },
        caseDecider.initialState,
        caseCtx,
      ),
    );
    stream.push(
      ...caseDecider.decide(
        {
          type: 'SendCaseToCourt',
          data: {
            caseId: `case-${i}`,
            courtId: 'court-kh-12',
            prosecutorId: 'prosecutor-kh-12',
            suspectIds,
            occurredAt: at(10 + (i % 300)),
          },
        },
        fold(caseDecider, stream),
        caseCtx,
      ),
    );
    caseEvents.push(...stream);
  }

  it('answers every figure from the events alone', () => {
    const opened = caseEvents.flatMap((e) => (e.type === 'CaseOpened' ? [e.data] : []));
    const sent = caseEvents.flatMap((e) => (e.type === 'CaseSentToCourt' ? [e.data] : []));
    expect(opened.filter((c) => c.offences.some(isTraffickingOffence))).toHaveLength(197);
    expect(opened.flatMap((c) => c.victims)).toHaveLength(523);
    expect(opened.flatMap((c) => c.victims).filter((p) => p.minor)).toHaveLength(230);
    expect(sent.reduce((n, e) => n + e.suspectsSent.length, 0)).toBe(273);
    expect(sent.reduce((n, e) => n + e.foreignersSent, 0)).toBe(30);
  });
});

describe('since 17 September 2022: 368 rescue requests, 180 investigated, 378 victims found, 53 perpetrators arrested', () => {
  const missions = [
    'mission-chn',
    'mission-vnm',
    'mission-mys',
    'mission-idn',
    'mission-ind',
    'mission-tha',
    'mission-bgd',
    'mission-twn',
  ];
  const events: RescueRequestEvent[] = [];
  for (let i = 0; i < 368; i++) {
    const requestId = `req-${i}`;
    const mission = missions[i % missions.length] ?? 'mission-chn';
    const nationality = mission.slice('mission-'.length).toUpperCase();
    const commands: RescueRequestCommand[] = [
      {
        type: 'ReceiveRescueRequest',
        data: {
          requestId,
          fromMissionId: mission,
          persons: [{ nationality, count: 2 }],
          occurredAt: '2022-09-20T03:00:00.000Z',
        },
      },
    ];
    if (i < 180) {
      commands.push(
        {
          type: 'InvestigateRescueRequest',
          data: { requestId, findings: 'located', occurredAt: '2022-09-24T03:00:00.000Z' },
        },
        {
          type: 'RecordVictimsFound',
          data: {
            requestId,
            // 378 = 180 × 2 + 18: the first 18 requests found three victims.
            victims: Array.from({ length: i < 18 ? 3 : 2 }, (_, k) => ({
              personId: `${requestId}-v${k}`,
              nationality,
              sex: 'female' as const,
              minor: false,
            })),
            ...(i < 53 && { perpetratorsArrested: 1 }),
            occurredAt: '2022-09-25T03:00:00.000Z',
          },
        },
        {
          type: 'HandOverToImmigration',
          data: {
            requestId,
            toAgencyId: 'gdi',
            personIds: [`${requestId}-v0`],
            occurredAt: '2022-09-26T03:00:00.000Z',
          },
        },
      );
    }
    const stream: RescueRequestEvent[] = [];
    for (const c of commands)
      stream.push(...rescueRequestDecider.decide(c, fold(rescueRequestDecider, stream), ctx('ahtjp')));
    events.push(...stream);
  }

  it('answers every figure from the events alone', () => {
    expect(events.filter((e) => e.type === 'RescueRequestReceived')).toHaveLength(368);
    expect(
      new Set(events.flatMap((e) => (e.type === 'RescueRequestInvestigated' ? [e.data.requestId] : []))).size,
    ).toBe(180);
    expect(
      events.reduce((n, e) => n + (e.type === 'RescueVictimsFound' ? e.data.victims.length : 0), 0),
    ).toBe(378);
    expect(
      events.reduce(
        (n, e) => n + (e.type === 'RescueVictimsFound' ? (e.data.perpetratorsArrested ?? 0) : 0),
        0,
      ),
    ).toBe(53);
    expect(
      events.filter((e) => e.type === 'RescueVictimsHandedOver' && e.data.toAgencyId === 'gdi'),
    ).toHaveLength(180);
  });
});
