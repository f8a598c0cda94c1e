/** An event as read from the store, in whatever schema version it was written. */
export interface StoredEventShape {
  readonly type: string;
  readonly schemaVersion: number;
  readonly data: unknown;
}

/** Lifts the data of `type` from `fromVersion` to `fromVersion + 1`. Must be pure. */
export interface Lift {
  readonly type: string;
  readonly fromVersion: number;
  readonly lift: (data: Readonly<Record<string, unknown>>) => Record<string, unknown>;
}

/**
 * The event is of a type or version this code cannot read (e.g. written by a newer release).
 * Not a DomainError: no command is being refused, the store holds something this release cannot read.
 */
export class UnreadableEventError extends Error {
  override readonly name = 'UnreadableEventError';
  constructor(
    readonly type: string,
    readonly schemaVersion: number,
    reason: string,
  ) {
    super(`cannot read event ${type} v${schemaVersion}: ${reason}`);
  }
}

export interface Upcaster {
  /** Latest schema version of each known event type. */
  readonly latestVersions: ReadonlyMap<string, number>;
  /** Lifts an event, one version at a time, to its latest schema version. */
  upcast(event: StoredEventShape): { type: string; schemaVersion: number; data: Record<string, unknown> };
}

/**
 * Builds an upcaster from the known event types (all born at v1) and a list of lifts.
 * The latest version of a type is 1 + the number of its lifts; lifts must form an unbroken
 * chain 1→2→3… or this throws at start-up rather than when an old event is read.
 */
export function createUpcaster(eventTypes: readonly string[], lifts: readonly Lift[]): Upcaster {
  const latestVersions = new Map<string, number>(eventTypes.map((type) => [type, 1]));
  const byKey = new Map<string, Lift>();
  for (const lift of [...lifts].sort((a, b) => a.fromVersion - b.fromVersion)) {
    const latest = latestVersions.get(lift.type);
    if (latest === undefined) throw new Error(`lift registered for unknown event type ${lift.type}`);
    if (lift.fromVersion !== latest) {
      throw new Error(
        `lift for ${lift.type} from v${lift.fromVersion} breaks the chain (expected v${latest})`,
      );
    }
    byKey.set(`${lift.type}@${lift.fromVersion}`, lift);
    latestVersions.set(lift.type, latest + 1);
  }

  return {
    latestVersions,
    upcast(event) {
      const latest = latestVersions.get(event.type);
      if (latest === undefined)
        throw new UnreadableEventError(event.type, event.schemaVersion, 'unknown type');
      if (!Number.isInteger(event.schemaVersion) || event.schemaVersion < 1 || event.schemaVersion > latest) {
        throw new UnreadableEventError(
          event.type,
          event.schemaVersion,
          `this release reads versions 1 to ${latest}`,
        );
      }
      if (typeof event.data !== 'object' || event.data === null || Array.isArray(event.data)) {
        throw new UnreadableEventError(event.type, event.schemaVersion, 'data is not an object');
      }
      let data = event.data as Record<string, unknown>;
      for (let version = event.schemaVersion; version < latest; version++) {
        const lift = byKey.get(`${event.type}@${version}`);
        // The constructor checked the chain, so a lift exists for every version below latest.
        if (lift) data = lift.lift(data);
      }
      return { type: event.type, schemaVersion: latest, data };
    },
  };
}
