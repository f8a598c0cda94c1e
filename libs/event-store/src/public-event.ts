import type { RecordedEvent } from './event-store.port.js';
import { formatPosition } from './position.js';

/** An event as the HTTP API and downstream systems see it: plain JSON, the position as a string. */
export interface PublicEvent {
  eventId: string;
  streamId: string;
  revision: number;
  position: string;
  type: string;
  schemaVersion: number;
  data: unknown;
  metadata: unknown;
}

export const toPublicEvent = (event: RecordedEvent): PublicEvent => ({
  eventId: event.eventId,
  streamId: event.streamId,
  revision: event.revision,
  position: formatPosition(event.position),
  type: event.type,
  schemaVersion: event.schemaVersion,
  data: event.data,
  metadata: event.metadata,
});
