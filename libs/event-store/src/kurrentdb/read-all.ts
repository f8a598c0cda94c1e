/**
 * The port's `readAll({ after, maxCount })` and `headPosition()` over KurrentDB's $all reads.
 *
 * KurrentDB reads $all forwards *from* a position, inclusively (AllReader keeps the record at
 * the position it starts from), while the port reads strictly *after* a checkpoint. And the
 * server-side filter can only look at one of stream name or event type, so the other half of
 * "the ledger's events, no system events" is checked here: a page may come back shorter than
 * asked. Both are handled by paging on until enough events pass or the log ends, so a short
 * answer always means the end of the log (the event counter relies on that).
 */

/** An entry of a $all page: its position, and whether it is one of the ledger's events. */
export interface AllEntry {
  position: bigint;
}

/** Up to `maxCount` entries from `from` (inclusive; undefined = the start of the log), oldest first. */
export type ReadForwardFrom<T extends AllEntry> = (
  from: bigint | undefined,
  maxCount: number,
) => Promise<T[]>;

/** Up to `maxCount` entries before `before` (undefined = the end of the log), newest first. */
export type ReadBackwardFrom<T extends AllEntry> = (
  before: bigint | undefined,
  maxCount: number,
) => Promise<T[]>;

export const DEFAULT_PAGE = 500;

/** The kept entries strictly after `after`, at most `maxCount` (no limit when undefined). */
export async function readAllAfter<T extends AllEntry>(
  read: ReadForwardFrom<T>,
  keep: (entry: T) => boolean,
  options: { after?: bigint; maxCount?: number; pageSize?: number } = {},
): Promise<T[]> {
  const limit = options.maxCount ?? Infinity;
  const pageSize = checkPageSize(options.pageSize ?? DEFAULT_PAGE);
  const kept: T[] = [];
  let cursor = options.after;
  while (kept.length < limit) {
    // One more than needed when the page may start with the entry at the cursor itself.
    const wanted = Math.min(pageSize, limit - kept.length + (cursor === undefined ? 0 : 1));
    const page = await read(cursor, wanted);
    const start = cursor;
    for (const entry of page) {
      if (cursor !== undefined && entry.position <= cursor) continue;
      cursor = entry.position;
      if (keep(entry)) {
        kept.push(entry);
        if (kept.length === limit) break;
      }
    }
    if (page.length < wanted) break;
    if (cursor === start) throw new Error(`reading $all from ${String(start)} made no progress`);
  }
  return kept;
}

/** The position of the newest kept entry, or 0n when there is none. */
export async function newestPosition<T extends AllEntry>(
  read: ReadBackwardFrom<T>,
  keep: (entry: T) => boolean,
  pageSize = 32,
): Promise<bigint> {
  checkPageSize(pageSize);
  let cursor: bigint | undefined;
  for (;;) {
    // The newest entry is the ledger's unless something else wrote last: ask for one first.
    const wanted = cursor === undefined ? 1 : pageSize;
    const page = await read(cursor, wanted);
    const start = cursor;
    for (const entry of page) {
      if (cursor !== undefined && entry.position >= cursor) continue;
      if (keep(entry)) return entry.position;
      cursor = entry.position;
    }
    if (page.length < wanted) return 0n;
    if (cursor === start) throw new Error(`reading $all back from ${String(start)} made no progress`);
  }
}

/** A page of one could be taken up entirely by the entry at the cursor: no progress. */
function checkPageSize(pageSize: number): number {
  if (!Number.isInteger(pageSize) || pageSize < 2) {
    throw new RangeError(`pageSize must be an integer >= 2, got ${pageSize}`);
  }
  return pageSize;
}
