import { describe, expect, it } from '@jest/globals';
import { fold } from '../shared/decider.js';
import { jointOperationDecider } from './joint-operation.decider.js';
import type { JointOperationEvent } from './joint-operation.events.js';
import {
  closed,
  detained,
  fineImposed,
  joined,
  LEAD,
  offencesIdentified,
  operationFrom,
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
import { initialJointOperationState, jointOperationExists } from './joint-operation.state.js';

describe('evolving a joint operation', () => {
  it('starts with no operation', () => {
    expect(jointOperationDecider.initialState).toEqual({ status: 'none' });
    expect(jointOperationExists(initialJointOperationState)).toBe(false);
  });

  it('JointOperationPlanned opens the operation with its lead as sole participant', () => {
    const op = operationFrom([planned()]);
    expect(op).toMatchObject({
      status: 'open',
      operationId: 'op-1',
      leadAgencyId: LEAD,
      plannedAt: T_PLAN,
      plannedStart: '2022-09-19',
      finesTotalRiel: 0,
      offences: [],
    });
    expect([...op.participants]).toEqual([LEAD]);
    expect(op.raids.size + op.detainees.size + op.victims.size + op.fines.size).toBe(0);
    expect(jointOperationExists(op)).toBe(true);
  });

  it('ignores a second JointOperationPlanned', () => {
    const op = operationFrom([planned(), planned({ leadAgencyId: 'gdi', title: 'other' })]);
    expect(op.leadAgencyId).toBe(LEAD);
  });

  it('ignores every other event when no operation was planned', () => {
    const events: JointOperationEvent[] = [
      joined(POLICE),
      raidConducted('r1', SCREENED_R1),
      detained('r1', [suspect('p1')]),
      victimsIdentified([victim('v1')]),
      fineImposed('f1', 1),
      offencesIdentified(['fraud']),
      released('p1'),
      closed(),
    ];
    for (const event of events) expect(fold(jointOperationDecider, [event])).toEqual({ status: 'none' });
  });

  it('AgencyJoinedOperation adds a participant', () => {
    expect([...operationFrom([planned(), joined(POLICE), joined('gdi')]).participants]).toEqual([
      LEAD,
      POLICE,
      'gdi',
    ]);
  });

  it('RaidConducted records the raid with its totals of screened persons and foreigners', () => {
    const raid = operationFrom(withRaid).raids.get('r1');
    expect(raid).toMatchObject({
      raidId: 'r1',
      occurredAt: T_RAID,
      screenedTotal: 10,
      foreignersScreened: 9,
      detainedCount: 0,
      recordedBy: POLICE,
    });
  });

  it('SuspectsDetained records each detainee and counts them against the raid', () => {
    const op = operationFrom([...withRaid, detained('r1', [suspect('p1'), suspect('p2', 'KHM', 'fraud')])]);
    expect(op.raids.get('r1')?.detainedCount).toBe(2);
    expect(op.detainees.get('p2')).toEqual({
      personId: 'p2',
      raidId: 'r1',
      nationality: 'KHM',
      sex: 'male',
      minor: false,
      offence: 'fraud',
      detainedAt: T_LATER,
      released: false,
    });
  });

  it('VictimsIdentified records each victim with the rescue flag, and the raid when there is one', () => {
    const op = operationFrom([
      ...withRaid,
      victimsIdentified([victim('v1', 'VNM', true)]),
      victimsIdentified([victim('v2')], null, false),
    ]);
    expect(op.victims.get('v1')).toEqual({
      personId: 'v1',
      raidId: 'r1',
      nationality: 'VNM',
      sex: 'female',
      minor: true,
      rescued: true,
      identifiedAt: T_LATER,
    });
    expect(op.victims.get('v2')).not.toHaveProperty('raidId');
    expect(op.victims.get('v2')?.rescued).toBe(false);
  });

  it('FineImposed records the fine and adds it to the total in riel', () => {
    const op = operationFrom([
      ...withRaid,
      fineImposed('f1', 118_000_000, 'r1'),
      fineImposed('f2', 2_000_000),
    ]);
    expect(op.finesTotalRiel).toBe(120_000_000);
    expect(op.fines.get('f1')).toMatchObject({ amountRiel: 118_000_000, raidId: 'r1' });
    expect(op.fines.get('f2')).not.toHaveProperty('raidId');
  });

  it('OffencesIdentified keeps each offence once, in the order first identified', () => {
    const op = operationFrom([
      planned(),
      offencesIdentified(['fraud', 'cybercrime']),
      offencesIdentified(['human-trafficking', 'fraud']),
    ]);
    expect(op.offences).toEqual(['fraud', 'cybercrime', 'human-trafficking']);
  });

  it('DetaineeReleased marks the detainee released, with reason and time', () => {
    const op = operationFrom([...withRaid, detained('r1', [suspect('p1')]), released('p1', 'bail', T_END)]);
    expect(op.detainees.get('p1')).toMatchObject({
      released: true,
      releaseReason: 'bail',
      releasedAt: T_END,
    });
    // Still counted as detained in the raid: they were.
    expect(op.raids.get('r1')?.detainedCount).toBe(1);
  });

  it('ignores the release of a person who was never detained', () => {
    const before = operationFrom(withRaid);
    expect(jointOperationDecider.evolve(before, released('ghost'))).toBe(before);
  });

  it('JointOperationClosed closes the operation, with its summary when given', () => {
    expect(operationFrom([planned(), closed('done')])).toMatchObject({
      status: 'closed',
      closedAt: T_END,
      summary: 'done',
    });
    expect(operationFrom([planned(), closed()])).not.toHaveProperty('summary');
  });

  it('never mutates the state it evolves from', () => {
    const before = operationFrom(withRaid);
    const snapshot = {
      participants: [...before.participants],
      raids: [...before.raids.values()],
      detainees: before.detainees.size,
    };
    jointOperationDecider.evolve(before, joined('csd'));
    jointOperationDecider.evolve(before, detained('r1', [suspect('p1')]));
    expect([...before.participants]).toEqual(snapshot.participants);
    expect([...before.raids.values()]).toEqual(snapshot.raids);
    expect(before.detainees.size).toBe(snapshot.detainees);
  });
});
