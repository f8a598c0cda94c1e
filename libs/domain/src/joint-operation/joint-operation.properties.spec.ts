import { describe, expect, it } from '@jest/globals';
import fc from 'fast-check';
import { DomainError } from '../shared/errors.js';
import type { Sex } from '../shared/event.js';
import type { JointOperationCommand } from './joint-operation.commands.js';
import { jointOperationDecider } from './joint-operation.decider.js';
import { ctx, OP, planned, POLICE, joined, T_LATER } from './joint-operation.spec-helper.js';
import type { JointOperationState } from './joint-operation.state.js';

// Suspects and victims are drawn from overlapping ranges (p9–p12 can be either), to test they never mix.
const person = (min: number, max: number) => fc.integer({ min, max }).map((n) => `p${n}`);
const persons = (min: number, max: number, maxLength: number) =>
  fc.uniqueArray(person(min, max), { minLength: 1, maxLength });
const raidId = fc.constantFrom('r1', 'r2', 'r3');
const nationality = fc.constantFrom('KHM', 'CHN', 'VNM', 'THA');
const sex = fc.constantFrom<Sex>('female', 'male');

const recordRaid: fc.Arbitrary<JointOperationCommand> = fc
  .record({
    raidId,
    groups: fc.array(fc.record({ nationality, sex, count: fc.integer({ min: 1, max: 4 }) }), {
      maxLength: 4,
    }),
  })
  .map(({ raidId, groups }): JointOperationCommand => ({
    type: 'RecordRaid',
    data: {
      operationId: OP,
      raidId,
      occurredAt: T_LATER,
      location: { provinceCode: 'KH-18', premises: 'Block A' },
      premisesInspected: 1,
      screened: groups,
      withoutValidPassport: 0,
      withoutWorkPermit: 0,
    },
  }));
const detain: fc.Arbitrary<JointOperationCommand> = fc
  .record({ raidId, persons: persons(0, 12, 4), nationality, sex })
  .map(({ raidId, persons, nationality, sex }): JointOperationCommand => ({
    type: 'DetainSuspects',
    data: {
      operationId: OP,
      raidId,
      suspects: persons.map((personId) => ({ personId, nationality, sex, minor: false, offence: 'fraud' })),
      occurredAt: T_LATER,
    },
  }));
const identifyVictims: fc.Arbitrary<JointOperationCommand> = fc
  .record({ persons: persons(9, 15, 2), minor: fc.boolean() })
  .map(({ persons, minor }): JointOperationCommand => ({
    type: 'IdentifyVictims',
    data: {
      operationId: OP,
      victims: persons.map((personId) => ({ personId, nationality: 'VNM', sex: 'female', minor })),
      rescued: true,
      occurredAt: T_LATER,
    },
  }));
const release: fc.Arbitrary<JointOperationCommand> = person(0, 12).map((personId): JointOperationCommand => ({
  type: 'ReleaseDetainee',
  data: { operationId: OP, personId, reason: 'bail', occurredAt: T_LATER },
}));

/** Random commands against one operation; many will be refused, which is the point. */
const command = fc.oneof(
  { arbitrary: recordRaid, weight: 2 },
  { arbitrary: detain, weight: 5 },
  { arbitrary: identifyVictims, weight: 1 },
  { arbitrary: release, weight: 2 },
);

/** Accepted commands by type, to show the sequences exercise more than refusals. */
const accepted = new Map<string, number>();

function run(commands: readonly JointOperationCommand[], check: (state: JointOperationState) => void): void {
  let state = [planned(), joined(POLICE)].reduce(
    jointOperationDecider.evolve,
    jointOperationDecider.initialState,
  );
  for (const c of commands) {
    try {
      const events = jointOperationDecider.decide(c, state, ctx(POLICE));
      state = events.reduce(jointOperationDecider.evolve, state);
      accepted.set(c.type, (accepted.get(c.type) ?? 0) + 1);
    } catch (error) {
      // A refusal must be a domain error, never a crash.
      expect(error).toBeInstanceOf(DomainError);
    }
    check(state);
  }
}

describe('joint operation invariants over random command sequences', () => {
  it('never detains more persons in a raid than it screened', () => {
    fc.assert(
      fc.property(fc.array(command, { minLength: 10, maxLength: 60 }), (commands) => {
        run(commands, (state) => {
          if (state.status === 'none') return;
          for (const raid of state.raids.values()) {
            const detainedHere = [...state.detainees.values()].filter((d) => d.raidId === raid.raidId).length;
            expect(raid.detainedCount).toBe(detainedHere);
            expect(raid.detainedCount).toBeLessThanOrEqual(raid.screenedTotal);
          }
        });
      }),
      { numRuns: 300 },
    );
  });

  it('never makes one person both suspect and victim of the operation', () => {
    fc.assert(
      fc.property(fc.array(command, { minLength: 10, maxLength: 60 }), (commands) => {
        run(commands, (state) => {
          if (state.status === 'none') return;
          for (const personId of state.detainees.keys()) expect(state.victims.has(personId)).toBe(false);
        });
      }),
      { numRuns: 300 },
    );
  });

  it('counts a detainee once however often detention is attempted', () => {
    fc.assert(
      fc.property(fc.array(command, { minLength: 10, maxLength: 60 }), (commands) => {
        run(commands, (state) => {
          if (state.status === 'none') return;
          const total = [...state.raids.values()].reduce((sum, r) => sum + r.detainedCount, 0);
          expect(total).toBe(state.detainees.size);
        });
      }),
      { numRuns: 300 },
    );
  });

  it('accepts every kind of command often enough for these properties to mean something', () => {
    accepted.clear();
    for (const commands of fc.sample(fc.array(command, { minLength: 10, maxLength: 60 }), {
      numRuns: 300,
      seed: 2022,
    }))
      run(commands, () => {});
    for (const type of ['RecordRaid', 'DetainSuspects', 'IdentifyVictims', 'ReleaseDetainee']) {
      expect(accepted.get(type) ?? 0).toBeGreaterThan(50);
    }
  });
});
