/** A small operation to test against: planned by Preah Sihanouk's administration, with one raid. */
import type { RunningLedger } from './ledger-app.js';

export const LEAD = 'admin-kh-18';
export const PARTICIPANT = 'police-kh-18';

export function planBody(operationId: string) {
  return {
    operationId,
    leadAgencyId: LEAD,
    title: 'Inspection of a compound in Commune IV',
    target: {
      provinceCode: 'KH-18',
      district: 'Sihanoukville',
      commune: 'Commune IV',
      premises: ['Galaxy World'],
    },
    legalAuthority: {
      kind: 'prosecutor-order',
      reference: 'KH-18/PO/2022-09-20',
      issuedBy: 'prosecutor-kh-18',
      issuedOn: '2022-09-20',
    },
    plannedStart: '2022-09-21',
    occurredAt: '2022-09-20T10:00:00+07:00',
  };
}

export function raidBody(raidId: string, screened = [{ nationality: 'CHN', sex: 'male', count: 3 }]) {
  return {
    raidId,
    occurredAt: '2022-09-21T09:00:00+07:00',
    location: { provinceCode: 'KH-18', commune: 'Commune IV', premises: 'Galaxy World' },
    premisesInspected: 1,
    screened,
    withoutValidPassport: 1,
    withoutWorkPermit: 2,
  };
}

export const suspect = (n: number) => ({
  personId: `suspect-${n}`,
  nationality: 'CHN',
  sex: 'male',
  minor: false,
  offence: 'illegal-online-gambling',
});

/** Plans the operation, brings in the provincial police and records one raid of three persons. */
export async function operationWithRaid(ledger: RunningLedger, operationId: string): Promise<void> {
  const coordinator = await ledger.token(LEAD, 'coordinator');
  const officer = await ledger.token(PARTICIPANT, 'officer');
  const steps: [string, string, unknown][] = [
    [coordinator, '/operations', planBody(operationId)],
    [
      coordinator,
      `/operations/${operationId}/participants`,
      { agencyId: PARTICIPANT, occurredAt: '2022-09-20T11:00:00+07:00' },
    ],
    [officer, `/operations/${operationId}/raids`, raidBody('raid-1')],
  ];
  for (const [token, path, body] of steps) {
    const answer = await ledger.request('POST', path, { token, body });
    if (answer.status !== 201)
      throw new Error(`${path} answered ${answer.status}: ${JSON.stringify(answer.body)}`);
  }
}

/** The revision and event count of a stream, to prove a refused command appended nothing. */
export async function streamSnapshot(ledger: RunningLedger, path: string): Promise<{ events: number }> {
  const answer = await ledger.request('GET', `${path}/events`, {
    token: await ledger.token('ncct', 'auditor'),
  });
  return { events: answer.status === 404 ? 0 : answer.body.events.length };
}
