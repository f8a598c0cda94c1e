import { describe, expect, it } from '@jest/globals';
import fc from 'fast-check';
import { fold, type DecideContext } from '../shared/decider.js';
import { AggregateNotFoundError, DomainError, RuleViolationError } from '../shared/errors.js';
import { spec } from '../shared/given-when-then.spec-helper.js';
import type {
  CloseRescueRequest,
  HandOverToImmigration,
  InvestigateRescueRequest,
  ReceiveRescueRequest,
  RecordVictimsFound,
} from './rescue-request.commands.js';
import { rescueRequestDecider } from './rescue-request.decider.js';
import type {
  FoundVictim,
  RescueRequestClosed,
  RescueRequestEvent,
  RescueRequestInvestigated,
  RescueRequestReceived,
  RescueVictimsFound,
  RescueVictimsHandedOver,
} from './rescue-request.events.js';

const NOW = new Date('2022-09-30T12:00:00.000Z');
const AHTJP = 'ahtjp';
const T_RECEIVED = '2022-09-26T02:00:00.000Z';
const T_LATER = '2022-09-27T02:00:00.000Z';
const ctx = (agencyId = AHTJP): DecideContext => ({
  now: NOW,
  actor: { userId: `user-of-${agencyId}`, agencyId, role: 'officer' },
});

const found = (personId: string, nationality = 'VNM', minor = false): FoundVictim => ({
  personId,
  nationality,
  sex: 'female',
  minor,
});

const received = (overrides: Partial<RescueRequestReceived['data']> = {}): RescueRequestReceived => ({
  type: 'RescueRequestReceived',
  schemaVersion: 1,
  data: {
    requestId: 'req-1',
    fromMissionId: 'mission-vnm',
    receivedBy: AHTJP,
    persons: [
      { nationality: 'VNM', count: 3 },
      { nationality: 'KHM', count: 1 },
    ],
    occurredAt: T_RECEIVED,
    ...overrides,
  },
});
const investigated = (
  findings = 'located in Commune IV',
  investigatedBy = 'police-kh-18',
): RescueRequestInvestigated => ({
  type: 'RescueRequestInvestigated',
  schemaVersion: 1,
  data: { requestId: 'req-1', investigatedBy, findings, occurredAt: T_LATER },
});
const victimsFound = (victims: FoundVictim[], perpetratorsArrested?: number): RescueVictimsFound => ({
  type: 'RescueVictimsFound',
  schemaVersion: 1,
  data: {
    requestId: 'req-1',
    victims,
    ...(perpetratorsArrested !== undefined && { perpetratorsArrested }),
    occurredAt: T_LATER,
  },
});
const handedOver = (personIds: string[], toAgencyId = 'gdi'): RescueVictimsHandedOver => ({
  type: 'RescueVictimsHandedOver',
  schemaVersion: 1,
  data: { requestId: 'req-1', toAgencyId, personIds, occurredAt: T_LATER },
});
const closedEvent = (outcome = 'all victims returned home'): RescueRequestClosed => ({
  type: 'RescueRequestClosed',
  schemaVersion: 1,
  data: { requestId: 'req-1', outcome, occurredAt: T_LATER },
});

type Data<C extends { data: object }> = Partial<{ -readonly [K in keyof C['data']]: C['data'][K] }>;
const receive = (d: Data<ReceiveRescueRequest> = {}): ReceiveRescueRequest => {
  const { receivedBy: _receivedBy, ...data } = received().data;
  return { type: 'ReceiveRescueRequest', data: { ...data, ...d } };
};
const investigate = (d: Data<InvestigateRescueRequest> = {}): InvestigateRescueRequest => ({
  type: 'InvestigateRescueRequest',
  data: { requestId: 'req-1', findings: 'located in Commune IV', occurredAt: T_LATER, ...d },
});
const recordFound = (victims: FoundVictim[], d: Data<RecordVictimsFound> = {}): RecordVictimsFound => ({
  type: 'RecordVictimsFound',
  data: { requestId: 'req-1', victims, occurredAt: T_LATER, ...d },
});
const handOver = (personIds: string[], d: Data<HandOverToImmigration> = {}): HandOverToImmigration => ({
  type: 'HandOverToImmigration',
  data: { requestId: 'req-1', toAgencyId: 'gdi', personIds, occurredAt: T_LATER, ...d },
});
const close = (d: Data<CloseRescueRequest> = {}): CloseRescueRequest => ({
  type: 'CloseRescueRequest',
  data: { requestId: 'req-1', outcome: 'all victims returned home', occurredAt: T_LATER, ...d },
});

const given = spec(rescueRequestDecider).given;
const investigatedRequest = [received(), investigated()];

describe('ReceiveRescueRequest', () => {
  it('records a foreign mission’s request, by nationality and number, received by the actor’s agency', () => {
    given([]).when(receive(), ctx()).then([received()]);
  });

  it('records the province when the mission gives one', () => {
    given([])
      .when(receive({ provinceCode: 'KH-18' }), ctx())
      .then([received({ provinceCode: 'KH-18' })]);
  });

  it('rejects a request already received', () => {
    given([received()])
      .when(receive(), ctx())
      .thenThrows(RuleViolationError, 'rescue-request-already-exists');
  });

  it('rejects an empty request id', () => {
    given([])
      .when(receive({ requestId: '' }), ctx())
      .thenThrows(RuleViolationError, 'invalid-id');
  });

  it('rejects a request recorded by a foreign mission or an unknown agency', () => {
    given([])
      .when(receive(), ctx('mission-chn'))
      .thenThrows(RuleViolationError, 'foreign-mission-cannot-record');
    given([]).when(receive(), ctx('nowhere')).thenThrows(RuleViolationError, 'unknown-agency');
  });

  it('rejects a request from an agency that is not a foreign mission', () => {
    given([])
      .when(receive({ fromMissionId: 'gdi' }), ctx())
      .thenThrows(RuleViolationError, 'not-a-foreign-mission');
    given([])
      .when(receive({ fromMissionId: 'mission-atlantis' }), ctx())
      .thenThrows(RuleViolationError, 'unknown-agency');
  });

  it('rejects a request for nobody, for zero persons or of unknown nationality', () => {
    given([])
      .when(receive({ persons: [] }), ctx())
      .thenThrows(RuleViolationError, 'no-persons');
    given([])
      .when(receive({ persons: [{ nationality: 'VNM', count: 0 }] }), ctx())
      .thenThrows(RuleViolationError, 'not-a-positive-integer');
    given([])
      .when(receive({ persons: [{ nationality: 'VN', count: 1 }] }), ctx())
      .thenThrows(RuleViolationError, 'unknown-nationality');
  });

  it('rejects a nationality counted twice', () => {
    const persons = [
      { nationality: 'VNM', count: 1 },
      { nationality: 'VNM', count: 2 },
    ];
    given([]).when(receive({ persons }), ctx()).thenThrows(RuleViolationError, 'duplicate-nationality');
  });

  it('rejects an unknown province and a date in the future', () => {
    given([])
      .when(receive({ provinceCode: 'KH-30' }), ctx())
      .thenThrows(RuleViolationError, 'unknown-province');
    given([])
      .when(receive({ occurredAt: '2022-10-01T00:00:00Z' }), ctx())
      .thenThrows(RuleViolationError, 'date-in-future');
  });
});

describe('InvestigateRescueRequest', () => {
  it('records an investigation by the actor’s agency', () => {
    given([received()]).when(investigate(), ctx('police-kh-18')).then([investigated()]);
  });

  it('records a follow-up investigation', () => {
    given(investigatedRequest)
      .when(investigate({ findings: 'second site' }), ctx('police-kh-18'))
      .then([investigated('second site')]);
  });

  it('rejects investigating a request never received', () => {
    given([]).when(investigate(), ctx()).thenThrows(AggregateNotFoundError, 'rescue-not-found');
  });

  it('rejects investigating a closed request', () => {
    given([received(), closedEvent()])
      .when(investigate(), ctx())
      .thenThrows(RuleViolationError, 'rescue-request-closed');
  });

  it('rejects an investigation recorded by a foreign mission', () => {
    given([received()])
      .when(investigate(), ctx('mission-vnm'))
      .thenThrows(RuleViolationError, 'foreign-mission-cannot-record');
  });

  it('rejects an investigation dated before the request, or without findings', () => {
    given([received()])
      .when(investigate({ occurredAt: '2022-09-25T00:00:00Z' }), ctx())
      .thenThrows(RuleViolationError, 'occurred-before-request-received');
    given([received()])
      .when(investigate({ findings: ' ' }), ctx())
      .thenThrows(RuleViolationError, 'required-text');
  });
});

describe('RecordVictimsFound', () => {
  it('records the victims found and the perpetrators arrested', () => {
    given(investigatedRequest)
      .when(recordFound([found('v1'), found('v2', 'VNM', true)], { perpetratorsArrested: 2 }), ctx())
      .then([victimsFound([found('v1'), found('v2', 'VNM', true)], 2)]);
  });

  it('records arrests without victims found', () => {
    given(investigatedRequest)
      .when(recordFound([], { perpetratorsArrested: 1 }), ctx())
      .then([victimsFound([], 1)]);
  });

  it('rejects recording victims before the request is investigated', () => {
    given([received()])
      .when(recordFound([found('v1')]), ctx())
      .thenThrows(RuleViolationError, 'request-not-investigated');
  });

  it('rejects recording on a closed request', () => {
    given([...investigatedRequest, closedEvent()])
      .when(recordFound([found('v1')]), ctx())
      .thenThrows(RuleViolationError, 'rescue-request-closed');
  });

  it('rejects a victim already found, or named twice', () => {
    given([...investigatedRequest, victimsFound([found('v1')])])
      .when(recordFound([found('v1')]), ctx())
      .thenThrows(RuleViolationError, 'victim-already-found');
    given(investigatedRequest)
      .when(recordFound([found('v1'), found('v1')]), ctx())
      .thenThrows(RuleViolationError, 'duplicate-person');
  });

  it('rejects a negative number of perpetrators', () => {
    given(investigatedRequest)
      .when(recordFound([found('v1')], { perpetratorsArrested: -1 }), ctx())
      .thenThrows(RuleViolationError, 'not-a-non-negative-integer');
  });

  it('rejects a record of nothing found', () => {
    given(investigatedRequest).when(recordFound([]), ctx()).thenThrows(RuleViolationError, 'nothing-found');
    given(investigatedRequest)
      .when(recordFound([], { perpetratorsArrested: 0 }), ctx())
      .thenThrows(RuleViolationError, 'nothing-found');
  });

  it('rejects a record by a foreign mission', () => {
    given(investigatedRequest)
      .when(recordFound([found('v1')]), ctx('mission-vnm'))
      .thenThrows(RuleViolationError, 'foreign-mission-cannot-record');
  });
});

describe('HandOverToImmigration', () => {
  const withVictims = [...investigatedRequest, victimsFound([found('v1'), found('v2')])];

  it('hands found victims over to the Immigration Department', () => {
    given(withVictims)
      .when(handOver(['v1', 'v2']), ctx())
      .then([handedOver(['v1', 'v2'])]);
  });

  it('rejects handing over to an agency that is not immigration', () => {
    given(withVictims)
      .when(handOver(['v1'], { toAgencyId: 'police-kh-12' }), ctx())
      .thenThrows(RuleViolationError, 'agency-not-immigration');
  });

  it('rejects a person not among the victims found', () => {
    given(withVictims)
      .when(handOver(['v3']), ctx())
      .thenThrows(RuleViolationError, 'victim-not-found');
  });

  it('rejects handing over a victim twice', () => {
    given([...withVictims, handedOver(['v1'])])
      .when(handOver(['v2', 'v1']), ctx())
      .thenThrows(RuleViolationError, 'already-handed-over');
  });

  it('rejects a hand-over naming nobody, or someone twice', () => {
    given(withVictims).when(handOver([]), ctx()).thenThrows(RuleViolationError, 'no-persons');
    given(withVictims)
      .when(handOver(['v1', 'v1']), ctx())
      .thenThrows(RuleViolationError, 'duplicate-person');
  });

  it('rejects a hand-over on a request never received or closed', () => {
    given([])
      .when(handOver(['v1']), ctx())
      .thenThrows(AggregateNotFoundError, 'rescue-not-found');
    given([...withVictims, closedEvent()])
      .when(handOver(['v1']), ctx())
      .thenThrows(RuleViolationError, 'rescue-request-closed');
  });
});

describe('CloseRescueRequest', () => {
  it('lets the receiving agency close the request with its outcome', () => {
    given(investigatedRequest).when(close(), ctx()).then([closedEvent()]);
  });

  it('rejects closing by another agency than the one that received the request', () => {
    given(investigatedRequest)
      .when(close(), ctx('police-kh-18'))
      .thenThrows(RuleViolationError, 'not-receiving-agency');
  });

  it('rejects closing twice, or without an outcome', () => {
    given([...investigatedRequest, closedEvent()])
      .when(close(), ctx())
      .thenThrows(RuleViolationError, 'rescue-request-closed');
    given(investigatedRequest)
      .when(close({ outcome: '' }), ctx())
      .thenThrows(RuleViolationError, 'required-text');
  });
});

describe('evolving a rescue request', () => {
  it('starts with no request', () => {
    expect(rescueRequestDecider.initialState).toEqual({ status: 'none' });
  });

  it('RescueRequestReceived records the request and the total of persons asked for', () => {
    const state = fold(rescueRequestDecider, [received({ provinceCode: 'KH-18' })]);
    expect(state).toMatchObject({
      status: 'received',
      fromMissionId: 'mission-vnm',
      receivedBy: AHTJP,
      receivedAt: T_RECEIVED,
      personsRequested: 4,
      provinceCode: 'KH-18',
      perpetratorsArrested: 0,
      investigations: [],
    });
    expect(fold(rescueRequestDecider, [received()])).not.toHaveProperty('provinceCode');
  });

  it('RescueRequestInvestigated makes the request investigated and keeps every investigation', () => {
    expect(
      fold(rescueRequestDecider, [received(), investigated('a'), investigated('b', 'csd')]),
    ).toMatchObject({
      status: 'investigated',
      investigations: [
        { investigatedBy: 'police-kh-18', findings: 'a', at: T_LATER },
        { investigatedBy: 'csd', findings: 'b', at: T_LATER },
      ],
    });
  });

  it('RescueVictimsFound adds the victims and the arrests', () => {
    const state = fold(rescueRequestDecider, [
      ...investigatedRequest,
      victimsFound([found('v1')], 2),
      victimsFound([found('v2')]),
    ]);
    if (state.status === 'none') throw new Error('unreachable');
    expect(state.perpetratorsArrested).toBe(2);
    expect(state.victims.get('v1')).toEqual({ ...found('v1'), foundAt: T_LATER });
    expect(state.victims.size).toBe(2);
  });

  it('RescueVictimsHandedOver marks each victim handed over, ignoring unknown ids', () => {
    const state = fold(rescueRequestDecider, [
      ...investigatedRequest,
      victimsFound([found('v1'), found('v2')]),
      handedOver(['v1', 'ghost']),
    ]);
    if (state.status === 'none') throw new Error('unreachable');
    expect(state.victims.get('v1')?.handedOverTo).toBe('gdi');
    expect(state.victims.get('v2')?.handedOverTo).toBeUndefined();
    expect(state.victims.has('ghost')).toBe(false);
  });

  it('RescueRequestClosed closes the request for good, even if an investigation follows in the stream', () => {
    const state = fold(rescueRequestDecider, [received(), closedEvent('victims home'), investigated()]);
    expect(state).toMatchObject({
      status: 'closed',
      closure: { outcome: 'victims home', closedAt: T_LATER },
    });
  });

  it('ignores events on a request never received, and a second RescueRequestReceived', () => {
    for (const event of [investigated(), victimsFound([found('v1')]), handedOver(['v1']), closedEvent()]) {
      expect(fold(rescueRequestDecider, [event])).toEqual({ status: 'none' });
    }
    expect(
      fold(rescueRequestDecider, [received(), received({ fromMissionId: 'mission-chn' })]),
    ).toMatchObject({ fromMissionId: 'mission-vnm' });
  });
});

describe('rescue invariants over random hand-overs', () => {
  it('hands over only victims found, each at most once', () => {
    const ids = ['v1', 'v2', 'v3', 'v4'];
    fc.assert(
      fc.property(
        fc.subarray(ids, { minLength: 1 }),
        fc.array(fc.subarray([...ids, 'v5'], { minLength: 1 }), { maxLength: 6 }),
        (foundIds, batches) => {
          const events: RescueRequestEvent[] = [
            ...investigatedRequest,
            victimsFound(foundIds.map((id) => found(id))),
          ];
          for (const batch of batches) {
            try {
              events.push(
                ...rescueRequestDecider.decide(handOver(batch), fold(rescueRequestDecider, events), ctx()),
              );
            } catch (error) {
              expect(error).toBeInstanceOf(DomainError);
            }
          }
          const handed = events.flatMap((e) =>
            e.type === 'RescueVictimsHandedOver' ? e.data.personIds : [],
          );
          expect(new Set(handed).size).toBe(handed.length);
          for (const id of handed) expect(foundIds).toContain(id);
        },
      ),
    );
  });
});
