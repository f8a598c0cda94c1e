import { describe, expect, it } from '@jest/globals';
import { AggregateNotFoundError, RuleViolationError } from '../shared/errors.js';
import { spec } from '../shared/given-when-then.spec-helper.js';
import type {
  CloseJointOperation,
  DetainSuspects,
  IdentifyOffences,
  IdentifyVictims,
  ImposeFine,
  JoinJointOperation,
  PlanJointOperation,
  RecordRaid,
  ReleaseDetainee,
} from './joint-operation.commands.js';
import { jointOperationDecider } from './joint-operation.decider.js';
import {
  closed,
  ctx,
  detained,
  fineImposed,
  joined,
  LEAD,
  NOW,
  offencesIdentified,
  OP,
  planned,
  POLICE,
  raidConducted,
  released,
  SCREENED_R1,
  suspect,
  T_END,
  T_LATER,
  T_PLAN,
  T_RAID,
  victim,
  victimsIdentified,
  withRaid,
} from './joint-operation.spec-helper.js';

const given = spec(jointOperationDecider).given;

type Data<C extends { data: object }> = Partial<{ -readonly [K in keyof C['data']]: C['data'][K] }>;

const plan = (d: Data<PlanJointOperation> = {}): PlanJointOperation => ({
  type: 'PlanJointOperation',
  data: { ...planned().data, ...d },
});
const join = (agencyId: string, d: Data<JoinJointOperation> = {}): JoinJointOperation => ({
  type: 'JoinJointOperation',
  data: { operationId: OP, agencyId, occurredAt: T_PLAN, ...d },
});
const recordRaid = (raidId: string, d: Data<RecordRaid> = {}): RecordRaid => {
  const { recordedBy: _recordedBy, ...data } = raidConducted(raidId, SCREENED_R1).data;
  return { type: 'RecordRaid', data: { ...data, ...d } };
};
const detain = (
  raidId: string,
  suspects: DetainSuspects['data']['suspects'],
  d: Data<DetainSuspects> = {},
): DetainSuspects => ({
  type: 'DetainSuspects',
  data: { operationId: OP, raidId, suspects, occurredAt: T_LATER, ...d },
});
const identifyVictims = (
  victims: IdentifyVictims['data']['victims'],
  d: Data<IdentifyVictims> = {},
): IdentifyVictims => ({
  type: 'IdentifyVictims',
  data: { operationId: OP, raidId: 'r1', victims, rescued: true, occurredAt: T_LATER, ...d },
});
const imposeFine = (fineId: string, amountRiel: number, d: Data<ImposeFine> = {}): ImposeFine => ({
  type: 'ImposeFine',
  data: { operationId: OP, fineId, amountRiel, reason: 'unpaid work permit fees', occurredAt: T_LATER, ...d },
});
const identifyOffences = (offences: string[], d: Data<IdentifyOffences> = {}): IdentifyOffences => ({
  type: 'IdentifyOffences',
  data: { operationId: OP, offences, occurredAt: T_LATER, ...d },
});
const release = (personId: string, d: Data<ReleaseDetainee> = {}): ReleaseDetainee => ({
  type: 'ReleaseDetainee',
  data: { operationId: OP, personId, reason: 'lack of evidence', occurredAt: T_LATER, ...d },
});
const close = (d: Data<CloseJointOperation> = {}): CloseJointOperation => ({
  type: 'CloseJointOperation',
  data: { operationId: OP, occurredAt: T_END, ...d },
});

describe('PlanJointOperation', () => {
  it('plans an operation led by the actor’s own agency', () => {
    given([]).when(plan(), ctx(LEAD)).then([planned()]);
  });

  it('normalises the time to UTC and trims texts', () => {
    given([])
      .when(
        plan({
          title: '  Inspection of foreign employees ',
          target: {
            provinceCode: 'KH-18',
            commune: ' Commune I ',
            village: 'Village 3',
            premises: [' Block A '],
          },
          occurredAt: '2022-09-18T10:00:00+07:00',
        }),
        ctx(LEAD),
      )
      .then([
        planned({
          target: {
            provinceCode: 'KH-18',
            commune: 'Commune I',
            village: 'Village 3',
            premises: ['Block A'],
          },
        }),
      ]);
  });

  it('plans an operation whose start is still to come', () => {
    given([])
      .when(plan({ plannedStart: '2022-12-01' }), ctx(LEAD))
      .then([planned({ plannedStart: '2022-12-01' })]);
  });

  it('accepts an order issued by a court', () => {
    const legalAuthority = {
      kind: 'prosecutor-order',
      reference: 'CO-7',
      issuedBy: 'court-kh-18',
      issuedOn: '2022-09-17',
    } as const;
    given([])
      .when(plan({ legalAuthority }), ctx(LEAD))
      .then([planned({ legalAuthority })]);
  });

  it('rejects planning an operation that already exists', () => {
    given([planned()]).when(plan(), ctx(LEAD)).thenThrows(RuleViolationError, 'operation-already-exists');
  });

  it('rejects an empty operation id', () => {
    given([])
      .when(plan({ operationId: '' }), ctx(LEAD))
      .thenThrows(RuleViolationError, 'invalid-id');
  });

  it('rejects an operation led by another agency than the actor’s', () => {
    given([]).when(plan(), ctx(POLICE)).thenThrows(RuleViolationError, 'lead-must-be-own-agency');
  });

  it('rejects an unknown lead agency', () => {
    given([])
      .when(plan({ leadAgencyId: 'nowhere' }), ctx('nowhere'))
      .thenThrows(RuleViolationError, 'unknown-agency');
  });

  it('rejects a foreign mission as lead agency', () => {
    given([])
      .when(plan({ leadAgencyId: 'mission-chn' }), ctx('mission-chn'))
      .thenThrows(RuleViolationError, 'agency-cannot-participate');
  });

  it('rejects a blank title', () => {
    given([])
      .when(plan({ title: ' ' }), ctx(LEAD))
      .thenThrows(RuleViolationError, 'required-text');
  });

  it('rejects a target outside the 25 provinces', () => {
    given([])
      .when(plan({ target: { provinceCode: 'KH-26', premises: [] } }), ctx(LEAD))
      .thenThrows(RuleViolationError, 'unknown-province');
  });

  it('rejects a blank premises name or district', () => {
    given([])
      .when(plan({ target: { provinceCode: 'KH-18', premises: [''] } }), ctx(LEAD))
      .thenThrows(RuleViolationError, 'required-text');
    given([])
      .when(plan({ target: { provinceCode: 'KH-18', district: '', premises: [] } }), ctx(LEAD))
      .thenThrows(RuleViolationError, 'required-text');
  });

  it('rejects a legal authority other than a prosecutor order', () => {
    const legalAuthority = {
      ...planned().data.legalAuthority,
      kind: 'phone-call',
    } as unknown as PlanJointOperation['data']['legalAuthority'];
    given([])
      .when(plan({ legalAuthority }), ctx(LEAD))
      .thenThrows(RuleViolationError, 'invalid-legal-authority');
  });

  it('rejects an order without a reference', () => {
    const legalAuthority = { ...planned().data.legalAuthority, reference: '' };
    given([]).when(plan({ legalAuthority }), ctx(LEAD)).thenThrows(RuleViolationError, 'required-text');
  });

  it('rejects an order issued by an agency that is neither prosecutor nor court', () => {
    const legalAuthority = { ...planned().data.legalAuthority, issuedBy: 'police-kh-18' };
    given([]).when(plan({ legalAuthority }), ctx(LEAD)).thenThrows(RuleViolationError, 'issuer-not-judicial');
  });

  it('rejects an order issued by an unknown agency', () => {
    const legalAuthority = { ...planned().data.legalAuthority, issuedBy: 'prosecutor-kh-99' };
    given([]).when(plan({ legalAuthority }), ctx(LEAD)).thenThrows(RuleViolationError, 'unknown-agency');
  });

  it('rejects an order dated after today', () => {
    const legalAuthority = { ...planned().data.legalAuthority, issuedOn: '2022-10-01' };
    given([]).when(plan({ legalAuthority }), ctx(LEAD)).thenThrows(RuleViolationError, 'date-in-future');
  });

  it('rejects a planned start that is not a calendar date', () => {
    given([])
      .when(plan({ plannedStart: '19/09/2022' }), ctx(LEAD))
      .thenThrows(RuleViolationError, 'invalid-date');
  });

  it('rejects a plan recorded as happening in the future', () => {
    given([])
      .when(plan({ occurredAt: '2022-10-01T00:00:00Z' }), ctx(LEAD))
      .thenThrows(RuleViolationError, 'date-in-future');
  });

  it('rejects a time without an offset', () => {
    given([])
      .when(plan({ occurredAt: '2022-09-18T10:00:00' }), ctx(LEAD))
      .thenThrows(RuleViolationError, 'invalid-date');
  });
});

describe('JoinJointOperation', () => {
  it('lets the lead agency add a participant', () => {
    given([planned()])
      .when(join(POLICE), ctx(LEAD))
      .then([joined(POLICE)]);
  });

  it('rejects adding to an operation that was never planned', () => {
    given([]).when(join(POLICE), ctx(LEAD)).thenThrows(AggregateNotFoundError, 'operation-not-found');
  });

  it('rejects adding to a closed operation', () => {
    given([planned(), closed()])
      .when(join(POLICE), ctx(LEAD))
      .thenThrows(RuleViolationError, 'operation-closed');
  });

  it('rejects an agency adding itself or another when it does not lead', () => {
    given([planned(), joined(POLICE)])
      .when(join('csd'), ctx(POLICE))
      .thenThrows(RuleViolationError, 'only-lead-agency-may-add-participants');
    given([planned()])
      .when(join(POLICE), ctx(POLICE))
      .thenThrows(RuleViolationError, 'only-lead-agency-may-add-participants');
  });

  it('rejects an unknown agency', () => {
    given([planned()]).when(join('nowhere'), ctx(LEAD)).thenThrows(RuleViolationError, 'unknown-agency');
  });

  it('rejects a foreign mission as participant', () => {
    given([planned()])
      .when(join('mission-vnm'), ctx(LEAD))
      .thenThrows(RuleViolationError, 'agency-cannot-participate');
  });

  it('rejects an agency that already participates, the lead included', () => {
    given([planned(), joined(POLICE)])
      .when(join(POLICE), ctx(LEAD))
      .thenThrows(RuleViolationError, 'agency-already-participating');
    given([planned()])
      .when(join(LEAD), ctx(LEAD))
      .thenThrows(RuleViolationError, 'agency-already-participating');
  });

  it('rejects a join dated before the operation was planned', () => {
    given([planned()])
      .when(join(POLICE, { occurredAt: '2022-09-18T02:59:59.999Z' }), ctx(LEAD))
      .thenThrows(RuleViolationError, 'occurred-before-operation-planned');
  });

  it('rejects a join dated in the future', () => {
    given([planned()])
      .when(join(POLICE, { occurredAt: '2023-01-01T00:00:00Z' }), ctx(LEAD))
      .thenThrows(RuleViolationError, 'date-in-future');
  });
});

describe('RecordRaid', () => {
  const base = [planned(), joined(POLICE)];

  it('records a raid by a participating agency, which becomes its recorder', () => {
    given(base)
      .when(recordRaid('r1'), ctx(POLICE))
      .then([raidConducted('r1', SCREENED_R1)]);
  });

  it('records a raid where nobody was screened', () => {
    given(base)
      .when(recordRaid('r1', { screened: [] }), ctx(POLICE))
      .then([raidConducted('r1', [])]);
  });

  it('accepts as many without passport or work permit as foreigners screened', () => {
    given(base)
      .when(recordRaid('r1', { withoutValidPassport: 9, withoutWorkPermit: 9 }), ctx(POLICE))
      .then([raidConducted('r1', SCREENED_R1, { withoutValidPassport: 9, withoutWorkPermit: 9 })]);
  });

  it('rejects a raid on an operation that was never planned', () => {
    given([]).when(recordRaid('r1'), ctx(POLICE)).thenThrows(AggregateNotFoundError, 'operation-not-found');
  });

  it('rejects a raid on a closed operation', () => {
    given([...base, closed()])
      .when(recordRaid('r1'), ctx(POLICE))
      .thenThrows(RuleViolationError, 'operation-closed');
  });

  it('rejects a raid recorded by an agency that does not participate', () => {
    given(base).when(recordRaid('r1'), ctx('csd')).thenThrows(RuleViolationError, 'agency-not-participating');
  });

  it('rejects a raid id already recorded in the operation', () => {
    given([...base, raidConducted('r1', SCREENED_R1)])
      .when(recordRaid('r1'), ctx(POLICE))
      .thenThrows(RuleViolationError, 'raid-already-recorded');
  });

  it('rejects an empty raid id', () => {
    given(base).when(recordRaid(''), ctx(POLICE)).thenThrows(RuleViolationError, 'invalid-id');
  });

  it('rejects a raid dated in the future or before the plan', () => {
    given(base)
      .when(recordRaid('r1', { occurredAt: '2022-09-30T12:00:01Z' }), ctx(POLICE))
      .thenThrows(RuleViolationError, 'date-in-future');
    given(base)
      .when(recordRaid('r1', { occurredAt: '2022-09-17T00:00:00Z' }), ctx(POLICE))
      .thenThrows(RuleViolationError, 'occurred-before-operation-planned');
  });

  it('rejects a raid before the day the prosecutor’s order was issued, in Cambodian time', () => {
    // Planned on 17 Sept with an order dated 18 Sept.
    const early = [
      planned({ occurredAt: '2022-09-17T01:00:00.000Z' }),
      joined(POLICE, '2022-09-17T01:00:00.000Z'),
    ];
    given(early)
      .when(recordRaid('r1', { occurredAt: '2022-09-17T16:59:59.000Z' }), ctx(POLICE)) // 17 Sept 23:59 in Phnom Penh
      .thenThrows(RuleViolationError, 'raid-before-legal-authority');
    given(early)
      .when(recordRaid('r1', { occurredAt: '2022-09-17T17:00:00.000Z' }), ctx(POLICE)) // 18 Sept 00:00 in Phnom Penh
      .then([raidConducted('r1', SCREENED_R1, { occurredAt: '2022-09-17T17:00:00.000Z' })]);
  });

  it('rejects a location outside the provinces or without premises', () => {
    given(base)
      .when(recordRaid('r1', { location: { provinceCode: 'KH-0', premises: 'Block A' } }), ctx(POLICE))
      .thenThrows(RuleViolationError, 'unknown-province');
    given(base)
      .when(recordRaid('r1', { location: { provinceCode: 'KH-18', premises: '' } }), ctx(POLICE))
      .thenThrows(RuleViolationError, 'required-text');
  });

  it('rejects a negative or fractional number of premises inspected', () => {
    given(base)
      .when(recordRaid('r1', { premisesInspected: -1 }), ctx(POLICE))
      .thenThrows(RuleViolationError, 'not-a-non-negative-integer');
    given(base)
      .when(recordRaid('r1', { premisesInspected: 2.5 }), ctx(POLICE))
      .thenThrows(RuleViolationError, 'not-a-non-negative-integer');
  });

  it('rejects a screened group of unknown nationality, invalid sex or no one', () => {
    given(base)
      .when(recordRaid('r1', { screened: [{ nationality: 'XXX', sex: 'male', count: 1 }] }), ctx(POLICE))
      .thenThrows(RuleViolationError, 'unknown-nationality');
    given(base)
      .when(
        recordRaid('r1', { screened: [{ nationality: 'CHN', sex: 'x' as 'male', count: 1 }] }),
        ctx(POLICE),
      )
      .thenThrows(RuleViolationError, 'invalid-sex');
    given(base)
      .when(recordRaid('r1', { screened: [{ nationality: 'CHN', sex: 'male', count: 0 }] }), ctx(POLICE))
      .thenThrows(RuleViolationError, 'not-a-positive-integer');
  });

  it('rejects the same nationality and sex counted twice', () => {
    const screened = [
      { nationality: 'CHN', sex: 'male', count: 1 },
      { nationality: 'CHN', sex: 'male', count: 2 },
    ] as const;
    given(base)
      .when(recordRaid('r1', { screened }), ctx(POLICE))
      .thenThrows(RuleViolationError, 'duplicate-screened-group');
  });

  it('rejects more persons without a valid passport than foreigners screened', () => {
    // 10 screened, of whom 9 foreigners.
    given(base)
      .when(recordRaid('r1', { withoutValidPassport: 10 }), ctx(POLICE))
      .thenThrows(RuleViolationError, 'without-passport-exceeds-screened');
  });

  it('rejects more persons without a work permit than foreigners screened', () => {
    given(base)
      .when(recordRaid('r1', { withoutWorkPermit: 10 }), ctx(POLICE))
      .thenThrows(RuleViolationError, 'without-work-permit-exceeds-screened');
  });

  it('rejects a negative count without passport', () => {
    given(base)
      .when(recordRaid('r1', { withoutValidPassport: -1 }), ctx(POLICE))
      .thenThrows(RuleViolationError, 'not-a-non-negative-integer');
  });
});

describe('DetainSuspects', () => {
  it('detains suspects screened in a raid', () => {
    given(withRaid)
      .when(
        detain('r1', [suspect('p1'), suspect('p2', 'VNM', 'human-trafficking', 'female', true)]),
        ctx(POLICE),
      )
      .then([detained('r1', [suspect('p1'), suspect('p2', 'VNM', 'human-trafficking', 'female', true)])]);
  });

  it('never copies more than the non-identifying facts into the event', () => {
    const withName = { ...suspect('p1'), name: 'Somebody', passportNumber: 'E1234567' } as ReturnType<
      typeof suspect
    >;
    given(withRaid)
      .when(detain('r1', [withName]), ctx(POLICE))
      .then([detained('r1', [suspect('p1')])]);
  });

  it('accepts detaining exactly as many persons as were screened', () => {
    const ten = Array.from({ length: 10 }, (_, i) => suspect(`p${i}`));
    given(withRaid)
      .when(detain('r1', ten), ctx(POLICE))
      .then([detained('r1', ten)]);
  });

  it('rejects detaining more persons than the raid screened, counting earlier detentions', () => {
    const eight = Array.from({ length: 8 }, (_, i) => suspect(`p${i}`));
    const error = given([...withRaid, detained('r1', eight)])
      .when(detain('r1', [suspect('q1'), suspect('q2'), suspect('q3')]), ctx(POLICE))
      .thenThrows(RuleViolationError, 'detained-exceeds-screened');
    expect(error.message).toContain(
      '11 detained in raid r1, which screened only 10 persons (8 already detained)',
    );
  });

  it('rejects a detention in a raid that was not recorded', () => {
    given(withRaid)
      .when(detain('r9', [suspect('p1')]), ctx(POLICE))
      .thenThrows(RuleViolationError, 'raid-not-found');
  });

  it('rejects a detention dated before its raid', () => {
    given(withRaid)
      .when(detain('r1', [suspect('p1')], { occurredAt: '2022-09-19T01:59:59.000Z' }), ctx(POLICE))
      .thenThrows(RuleViolationError, 'detained-before-raid');
  });

  it('rejects a detention naming nobody', () => {
    given(withRaid).when(detain('r1', []), ctx(POLICE)).thenThrows(RuleViolationError, 'no-persons');
  });

  it('rejects an unknown offence, nationality, minor flag or person id', () => {
    given(withRaid)
      .when(detain('r1', [{ ...suspect('p1'), offence: 'loitering' }]), ctx(POLICE))
      .thenThrows(RuleViolationError, 'unknown-offence');
    given(withRaid)
      .when(detain('r1', [suspect('p1', 'ZZZ')]), ctx(POLICE))
      .thenThrows(RuleViolationError, 'unknown-nationality');
    given(withRaid)
      .when(detain('r1', [{ ...suspect('p1'), minor: undefined as unknown as boolean }]), ctx(POLICE))
      .thenThrows(RuleViolationError, 'invalid-minor-flag');
    given(withRaid)
      .when(detain('r1', [suspect('')]), ctx(POLICE))
      .thenThrows(RuleViolationError, 'invalid-id');
  });

  it('rejects the same person twice in one detention', () => {
    given(withRaid)
      .when(detain('r1', [suspect('p1'), suspect('p1')]), ctx(POLICE))
      .thenThrows(RuleViolationError, 'duplicate-person');
  });

  it('rejects detaining a person already detained in the operation, even from another raid', () => {
    const events = [...withRaid, raidConducted('r2', SCREENED_R1), detained('r1', [suspect('p1')])];
    given(events)
      .when(detain('r2', [suspect('p1')]), ctx(POLICE))
      .thenThrows(RuleViolationError, 'person-already-detained');
  });

  it('rejects detaining a person identified as a victim of the operation', () => {
    given([...withRaid, victimsIdentified([victim('v1')])])
      .when(detain('r1', [suspect('v1')]), ctx(POLICE))
      .thenThrows(RuleViolationError, 'person-is-victim');
  });

  it('rejects a detention recorded by an agency that does not participate', () => {
    given(withRaid)
      .when(detain('r1', [suspect('p1')]), ctx('csd'))
      .thenThrows(RuleViolationError, 'agency-not-participating');
  });
});

describe('IdentifyVictims', () => {
  it('identifies rescued victims of a raid, minors flagged', () => {
    given(withRaid)
      .when(identifyVictims([victim('v1'), victim('v2', 'VNM', true)]), ctx(POLICE))
      .then([victimsIdentified([victim('v1'), victim('v2', 'VNM', true)])]);
  });

  it('identifies victims outside any raid, not (yet) rescued', () => {
    given(withRaid)
      .when(identifyVictims([victim('v1')], { raidId: undefined, rescued: false }), ctx(POLICE))
      .then([victimsIdentified([victim('v1')], null, false)]);
  });

  it('rejects victims of a raid that was not recorded', () => {
    given(withRaid)
      .when(identifyVictims([victim('v1')], { raidId: 'r9' }), ctx(POLICE))
      .thenThrows(RuleViolationError, 'raid-not-found');
  });

  it('rejects an identification naming nobody', () => {
    given(withRaid).when(identifyVictims([]), ctx(POLICE)).thenThrows(RuleViolationError, 'no-persons');
  });

  it('rejects a rescued flag that is not a boolean', () => {
    given(withRaid)
      .when(identifyVictims([victim('v1')], { rescued: 'yes' as unknown as boolean }), ctx(POLICE))
      .thenThrows(RuleViolationError, 'invalid-rescued-flag');
  });

  it('rejects the same victim twice in one identification', () => {
    given(withRaid)
      .when(identifyVictims([victim('v1'), victim('v1')]), ctx(POLICE))
      .thenThrows(RuleViolationError, 'duplicate-person');
  });

  it('rejects a victim already identified in the operation', () => {
    given([...withRaid, victimsIdentified([victim('v1')])])
      .when(identifyVictims([victim('v1')]), ctx(POLICE))
      .thenThrows(RuleViolationError, 'victim-already-identified');
  });

  it('rejects as victim a person detained as a suspect of the same operation', () => {
    given([...withRaid, detained('r1', [suspect('p1')])])
      .when(identifyVictims([victim('p1')]), ctx(POLICE))
      .thenThrows(RuleViolationError, 'person-is-suspect');
  });

  it('rejects an identification on a closed operation', () => {
    given([...withRaid, closed()])
      .when(identifyVictims([victim('v1')]), ctx(POLICE))
      .thenThrows(RuleViolationError, 'operation-closed');
  });
});

describe('ImposeFine', () => {
  it('records a fine in riel for a raid', () => {
    given(withRaid)
      .when(imposeFine('f1', 118_000_000, { raidId: 'r1' }), ctx(POLICE))
      .then([fineImposed('f1', 118_000_000, 'r1')]);
  });

  it('records a fine without a raid', () => {
    given(withRaid)
      .when(imposeFine('f1', 400_000), ctx(POLICE))
      .then([fineImposed('f1', 400_000)]);
  });

  it('rejects a zero, negative or fractional amount', () => {
    for (const amount of [0, -5, 10.5]) {
      given(withRaid)
        .when(imposeFine('f1', amount), ctx(POLICE))
        .thenThrows(RuleViolationError, 'amount-must-be-positive');
    }
  });

  it('rejects a fine id already recorded', () => {
    given([...withRaid, fineImposed('f1', 1)])
      .when(imposeFine('f1', 2), ctx(POLICE))
      .thenThrows(RuleViolationError, 'fine-already-imposed');
  });

  it('rejects a fine without a reason', () => {
    given(withRaid)
      .when(imposeFine('f1', 1, { reason: '' }), ctx(POLICE))
      .thenThrows(RuleViolationError, 'required-text');
  });

  it('rejects a fine for a raid that was not recorded', () => {
    given(withRaid)
      .when(imposeFine('f1', 1, { raidId: 'r9' }), ctx(POLICE))
      .thenThrows(RuleViolationError, 'raid-not-found');
  });

  it('rejects a fine recorded by an agency that does not participate', () => {
    given(withRaid)
      .when(imposeFine('f1', 1), ctx('gdi'))
      .thenThrows(RuleViolationError, 'agency-not-participating');
  });
});

describe('IdentifyOffences', () => {
  it('records the offences identified', () => {
    given(withRaid)
      .when(identifyOffences(['illegal-online-gambling', 'human-trafficking', 'prostitution']), ctx(POLICE))
      .then([offencesIdentified(['illegal-online-gambling', 'human-trafficking', 'prostitution'])]);
  });

  it('accepts an offence identified again later', () => {
    given([...withRaid, offencesIdentified(['fraud'])])
      .when(identifyOffences(['fraud']), ctx(POLICE))
      .then([offencesIdentified(['fraud'])]);
  });

  it('rejects an empty list, an unknown offence or the same offence twice', () => {
    given(withRaid).when(identifyOffences([]), ctx(POLICE)).thenThrows(RuleViolationError, 'no-offences');
    given(withRaid)
      .when(identifyOffences(['fraud', 'littering']), ctx(POLICE))
      .thenThrows(RuleViolationError, 'unknown-offence');
    given(withRaid)
      .when(identifyOffences(['fraud', 'fraud']), ctx(POLICE))
      .thenThrows(RuleViolationError, 'duplicate-offence');
  });
});

describe('ReleaseDetainee', () => {
  const withDetainee = [...withRaid, detained('r1', [suspect('p1')])];

  it('releases a detainee with a reason', () => {
    given(withDetainee)
      .when(release('p1'), ctx(POLICE))
      .then([released('p1')]);
  });

  it('rejects releasing a person who is not detained', () => {
    given(withDetainee)
      .when(release('p2'), ctx(POLICE))
      .thenThrows(RuleViolationError, 'person-not-detained');
  });

  it('rejects releasing a detainee twice', () => {
    given([...withDetainee, released('p1')])
      .when(release('p1'), ctx(POLICE))
      .thenThrows(RuleViolationError, 'detainee-already-released');
  });

  it('rejects a release without a reason', () => {
    given(withDetainee)
      .when(release('p1', { reason: ' ' }), ctx(POLICE))
      .thenThrows(RuleViolationError, 'required-text');
  });
});

describe('CloseJointOperation', () => {
  it('lets the lead agency close the operation, with a summary', () => {
    given(withRaid)
      .when(close({ summary: ' Two raids ' }), ctx(LEAD))
      .then([closed('Two raids')]);
  });

  it('lets the lead agency close the operation without a summary', () => {
    given(withRaid).when(close(), ctx(LEAD)).then([closed()]);
  });

  it('rejects closing by another agency than the lead', () => {
    given(withRaid).when(close(), ctx(POLICE)).thenThrows(RuleViolationError, 'only-lead-agency-may-close');
  });

  it('rejects closing twice', () => {
    given([...withRaid, closed()])
      .when(close(), ctx(LEAD))
      .thenThrows(RuleViolationError, 'operation-closed');
  });

  it('rejects closing an operation that was never planned', () => {
    given([]).when(close(), ctx(LEAD)).thenThrows(AggregateNotFoundError, 'operation-not-found');
  });

  it('rejects closing before the operation was planned', () => {
    given(withRaid)
      .when(close({ occurredAt: '2022-09-01T00:00:00Z' }), ctx(LEAD))
      .thenThrows(RuleViolationError, 'occurred-before-operation-planned');
  });

  it('rejects every recording once closed', () => {
    const after = [...withRaid, detained('r1', [suspect('p1')]), closed()];
    for (const command of [
      recordRaid('r2'),
      detain('r1', [suspect('p2')]),
      imposeFine('f1', 1),
      identifyOffences(['fraud']),
      release('p1'),
    ]) {
      given(after).when(command, ctx(POLICE)).thenThrows(RuleViolationError, 'operation-closed');
    }
  });
});

describe('time and the operation', () => {
  it('uses the context clock, never the machine’s', () => {
    // The same command is in the future for one clock and in the past for another.
    const command = recordRaid('r1', { occurredAt: T_RAID });
    given([planned(), joined(POLICE)])
      .when(command, ctx(POLICE, new Date('2022-09-19T01:00:00Z')))
      .thenThrows(RuleViolationError, 'date-in-future');
    given([planned(), joined(POLICE)])
      .when(command, ctx(POLICE, NOW))
      .then([raidConducted('r1', SCREENED_R1)]);
  });
});
