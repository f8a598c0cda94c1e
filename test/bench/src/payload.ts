import { randomUUID } from 'node:crypto';
import { v7 as uuidv7 } from 'uuid';

/** One event as every line of the benchmark appends it (the shape of the ledger's `EventData`). */
export interface BenchEvent {
  eventId: string;
  type: string;
  schemaVersion: number;
  data: { [key: string]: unknown };
  metadata: { [key: string]: unknown };
}

const OCCURRED_AT = '2024-03-14T02:30:00.000Z';

/**
 * A realistic RaidConducted event: about 570 bytes of JSON for data and metadata together, with
 * fresh ids so that no two events are byte-identical.
 */
export function raidConducted(operationId: string): BenchEvent {
  const raidId = randomUUID();
  return {
    eventId: uuidv7(),
    type: 'RaidConducted',
    schemaVersion: 1,
    data: {
      operationId,
      raidId,
      occurredAt: OCCURRED_AT,
      location: {
        provinceCode: 'KH-18',
        premises: 'Jing Chhay Technology, block C',
      },
      premisesInspected: 3,
      screened: [
        { nationality: 'CHN', sex: 'male', count: 312 },
        { nationality: 'VNM', sex: 'female', count: 41 },
      ],
      withoutValidPassport: 58,
      withoutWorkPermit: 219,
      recordedBy: 'police-kh-18',
    },
    metadata: {
      actor: { userId: 'officer@police-kh-18', agencyId: 'police-kh-18', role: 'officer' },
      correlationId: raidId,
    },
  };
}

/** `count` events for one append to the stream of operation `operationId`. */
export function raidEvents(operationId: string, count: number): BenchEvent[] {
  return Array.from({ length: count }, () => raidConducted(operationId));
}

/** Bytes of JSON one event carries (data + metadata), for the report. */
export function eventJsonBytes(): number {
  const event = raidConducted(randomUUID());
  return Buffer.byteLength(JSON.stringify(event.data)) + Buffer.byteLength(JSON.stringify(event.metadata));
}
