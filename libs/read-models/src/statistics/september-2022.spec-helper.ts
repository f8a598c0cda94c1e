/**
 * The September 2022 fixture history in the event store's shapes, for the unit specs here and
 * the integration tests in test/read-models.
 */
import { randomUUID } from 'node:crypto';
import type { LedgerEvent } from '@ledger/domain';
import { FIXTURE_NOW, september2022Streams } from '@ledger/domain/fixtures';
import { withChainHashes, type EventData, type JsonObject, type RecordedEvent } from '@ledger/event-store';

/** The agency the event names as acting, or the lead of the fixture operation. */
function recordingAgency(event: LedgerEvent): string {
  const d = event.data as Record<string, unknown>;
  const named =
    d.recordedBy ?? d.leadAgencyId ?? d.openedBy ?? d.orderedBy ?? d.receivedBy ?? d.investigatedBy;
  return typeof named === 'string' ? named : 'admin-kh-18';
}

/** Wraps a domain event the way the command side does. */
export function toEventData(event: LedgerEvent): EventData {
  const agencyId = recordingAgency(event);
  return {
    eventId: randomUUID(),
    type: event.type,
    schemaVersion: event.schemaVersion,
    data: event.data as unknown as JsonObject,
    metadata: {
      correlationId: randomUUID(),
      causationId: randomUUID(),
      actor: { userId: `user-${agencyId}`, agencyId, role: 'officer' },
      occurredAt: event.data.occurredAt,
      recordedAt: FIXTURE_NOW.toISOString(),
    },
  };
}

/** Stream by stream, in the order the streams were started: appending them in turn is a valid history. */
export function september2022Appends(): { streamId: string; events: EventData[] }[] {
  return [...september2022Streams()].map(([streamId, events]) => ({
    streamId,
    events: events.map(toEventData),
  }));
}

/** The same history as a store would hand it out, with positions 1, 2, 3… */
export function september2022Recorded(): RecordedEvent[] {
  let position = 0n;
  return withChainHashes(
    september2022Appends().flatMap(({ streamId, events }) =>
      events.map((event, revision) => ({
        ...event,
        streamId,
        revision,
        position: ++position,
        createdAt: FIXTURE_NOW,
      })),
    ),
  );
}
