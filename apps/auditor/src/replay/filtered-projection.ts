import type { RecordedEvent } from '@ledger/event-store';
import type { Projection, RebuildWriter } from '@ledger/read-models';

/**
 * The projection, fed only the events `keep` accepts. The projector still reads the whole log
 * and moves its checkpoint over every event, so a rebuild reaches the log's head and switches
 * as usual; a left-out event costs its read, not a write. The rebuild writer, if any, is fed the
 * same events, so it still leaves the tables exactly as applyBatch would.
 */
export function filteredProjection<T extends string>(
  projection: Projection<T>,
  keep: (event: RecordedEvent) => boolean,
): Projection<T> {
  const filtered: Projection<T> = {
    name: projection.name,
    version: projection.version,
    tables: projection.tables,
    applyBatch: (tx, tables, events) => projection.applyBatch(tx, tables, events.filter(keep)),
  };
  const makeWriter = projection.rebuildWriter?.bind(projection);
  if (makeWriter) {
    filtered.rebuildWriter = (sql, tables): RebuildWriter => {
      const writer = makeWriter(sql, tables);
      const abandon = writer.abandon?.bind(writer);
      return {
        prepare: (events) => writer.prepare(events.filter(keep)),
        flush: () => writer.flush(),
        ...(abandon && { abandon }),
      };
    };
  }
  return filtered;
}
