import { eventHashBody } from '@ledger/ledger-integrity';
import { isSqlError, SQLSTATE, type SqlClient } from '@ledger/sql';
import {
  resolveReappend,
  revisionNumber,
  satisfiesExpectedRevision,
  validateAppend,
  type CurrentRevision,
  type StoredEventRef,
} from '../append-rules.js';
import { WrongExpectedRevisionError } from '../errors.js';
import type {
  AppendResult,
  EventData,
  EventStore,
  EventSubscription,
  ExpectedRevision,
  JsonObject,
  ReadAllOptions,
  ReadStreamOptions,
  RecordedEvent,
  SubscribeOptions,
} from '../event-store.port.js';
import { PollingSubscription, type PollingOptions } from '../polling-subscription.js';
import { GENESIS_HASH_SQL, migrateEventStore, quoteSchema } from './schema.js';
import { MAX_EVENTS_PER_APPEND, SQL_CURRENT_XID, SQL_VISIBLE_HORIZON, XID_SHIFT } from './xid-position.js';

export interface PostgresEventStoreOptions {
  /** Schema holding the tables; created if missing. Default 'ledger'. */
  schema?: string;
  /** Idle polling bounds for subscriptions (see PollingSubscription). */
  polling?: Pick<PollingOptions, 'minDelayMs' | 'maxDelayMs'>;
}

type ModeKey = 'any' | 'no_stream' | 'stream_exists' | 'exact';

interface EventRow {
  stream_id: string;
  revision: bigint;
  position: bigint;
  event_id: string;
  type: string;
  schema_version: number;
  data: JsonObject;
  metadata: JsonObject;
  created_at: Date;
  hash: Uint8Array;
}

/**
 * A winning appender may have taken its xid after a waiting one (both ask before the row lock
 * decides). The loser then finds its expectation still met and retries with a fresh, larger xid;
 * losing this race many times in a row means something else is wrong.
 */
const MAX_APPEND_ATTEMPTS = 20;

/** Every statement here has fixed text per store: worth keeping parsed and planned. */
const PREPARED = { prepare: true } as const;

const EVENT_COLUMNS =
  'stream_id, revision, position, event_id, type, schema_version, data, metadata, created_at, hash';

/**
 * Opens the event store in `schema`, creating its tables if needed. The SqlClient stays the
 * caller's: close() stops this store's subscriptions but leaves the client open.
 */
export async function createPostgresEventStore(
  sql: SqlClient,
  options: PostgresEventStoreOptions = {},
): Promise<PostgresEventStore> {
  const store = new PostgresEventStore(sql, options);
  await store.migrate();
  return store;
}

export class PostgresEventStore implements EventStore {
  readonly schema: string;
  private readonly appendSql: Record<ModeKey, string>;
  private readonly sqlText: {
    storedIds: string;
    currentRevision: string;
    readStream: string;
    readAll: string;
    head: string;
  };
  private readonly subscriptions = new Set<PollingSubscription>();
  private closed = false;

  constructor(
    private readonly sql: SqlClient,
    private readonly options: PostgresEventStoreOptions = {},
  ) {
    this.schema = options.schema ?? 'ledger';
    const s = quoteSchema(this.schema);
    this.appendSql = appendStatements(s);
    this.sqlText = {
      storedIds: `SELECT event_id, stream_id, revision, position FROM ${s}.events WHERE event_id = ANY($1::uuid[])`,
      currentRevision: `SELECT revision FROM ${s}.streams WHERE stream_id = $1`,
      readStream: `SELECT ${EVENT_COLUMNS} FROM ${s}.events
        WHERE stream_id = $1 AND revision >= $2 ORDER BY revision LIMIT $3`,
      readAll: `SELECT ${EVENT_COLUMNS} FROM ${s}.events
        WHERE position > $1 AND position < ${SQL_VISIBLE_HORIZON} ORDER BY position LIMIT $2`,
      head: `SELECT coalesce(max(position), 0) AS position FROM ${s}.events WHERE position < ${SQL_VISIBLE_HORIZON}`,
    };
  }

  /** Idempotent: creates the schema and tables that are missing. */
  migrate(): Promise<void> {
    return migrateEventStore(this.sql, this.schema);
  }

  async appendToStream(
    streamId: string,
    events: readonly EventData[],
    options: { expectedRevision?: ExpectedRevision } = {},
  ): Promise<AppendResult> {
    this.assertOpen();
    const expected = options.expectedRevision ?? 'any';
    validateAppend(streamId, events, expected, MAX_EVENTS_PER_APPEND);
    if (events.length === 0) return this.appendNothing(streamId, expected);

    const eventIds = events.map((e) => e.eventId);
    const mode: ModeKey = typeof expected === 'number' ? 'exact' : expected;
    // The canonical body is what the chain hashes; data and metadata are stored from it, so the
    // stored JSON is exactly what was hashed.
    const params: unknown[] = [
      streamId,
      eventIds,
      events.map((e) => e.type),
      events.map((e) => e.schemaVersion),
      events.map((e) => eventHashBody({ ...e, streamId })),
    ];
    if (mode === 'exact') params.push(expected);

    for (let attempt = 1; ; attempt++) {
      let appended: { revision: bigint; position: bigint } | undefined;
      try {
        appended = (
          await this.sql.query<{ revision: bigint; position: bigint }>(this.appendSql[mode], params, PREPARED)
        ).rows[0];
      } catch (err) {
        // The statement wrote nothing; a stored id means a retry (idempotent) or a misuse.
        if (isSqlError(err, SQLSTATE.uniqueViolation)) {
          const replay = await this.resolveStoredIds(streamId, eventIds);
          if (replay) return replay;
        }
        throw err;
      }
      if (appended) {
        for (const subscription of this.subscriptions) subscription.wake();
        return { nextRevision: Number(appended.revision), position: appended.position };
      }

      // The stream row refused the write: a retry of a stored append, a real conflict, or a lost xid race.
      const replay = await this.resolveStoredIds(streamId, eventIds);
      if (replay) return replay;
      const actual = await this.currentRevision(streamId);
      if (!satisfiesExpectedRevision(expected, actual)) {
        throw new WrongExpectedRevisionError(streamId, expected, actual);
      }
      if (attempt >= MAX_APPEND_ATTEMPTS) {
        throw new Error(`append to ${streamId} lost the ordering race ${attempt} times in a row; giving up`);
      }
    }
  }

  async readStream(streamId: string, options: ReadStreamOptions = {}): Promise<RecordedEvent[]> {
    this.assertOpen();
    const fromRevision = options.fromRevision ?? 0;
    assertCount('fromRevision', fromRevision);
    if (options.maxCount !== undefined) assertCount('maxCount', options.maxCount);
    const { rows } = await this.sql.query<EventRow>(
      this.sqlText.readStream,
      [streamId, fromRevision, options.maxCount ?? null],
      PREPARED,
    );
    return rows.map(toRecordedEvent);
  }

  async readAll(options: ReadAllOptions = {}): Promise<RecordedEvent[]> {
    this.assertOpen();
    if (options.maxCount !== undefined) assertCount('maxCount', options.maxCount);
    const { rows } = await this.sql.query<EventRow>(
      this.sqlText.readAll,
      [options.after ?? -1n, options.maxCount ?? null],
      PREPARED,
    );
    return rows.map(toRecordedEvent);
  }

  subscribeToAll(options: SubscribeOptions = {}): EventSubscription {
    this.assertOpen();
    const subscription = new PollingSubscription(
      (after, maxCount) => this.readAll({ ...(after === undefined ? {} : { after }), maxCount }),
      { ...this.options.polling, ...options },
      (ended) => this.subscriptions.delete(ended),
    );
    this.subscriptions.add(subscription);
    return subscription;
  }

  async headPosition(): Promise<bigint> {
    this.assertOpen();
    const { rows } = await this.sql.query<{ position: bigint }>(this.sqlText.head, [], PREPARED);
    return rows[0]?.position ?? 0n;
  }

  /** Stops this store's subscriptions. The SqlClient belongs to the caller and stays open. */
  async close(): Promise<void> {
    this.closed = true;
    await Promise.all([...this.subscriptions].map((s) => s.stop()));
  }

  private async appendNothing(streamId: string, expected: ExpectedRevision): Promise<AppendResult> {
    const actual = await this.currentRevision(streamId);
    if (!satisfiesExpectedRevision(expected, actual)) {
      throw new WrongExpectedRevisionError(streamId, expected, actual);
    }
    if (actual === 'no_stream') return { nextRevision: revisionNumber(actual), position: 0n };
    const [last] = await this.readStream(streamId, { fromRevision: actual, maxCount: 1 });
    return { nextRevision: actual, position: last?.position ?? 0n };
  }

  private async resolveStoredIds(streamId: string, eventIds: string[]): Promise<AppendResult | undefined> {
    const { rows } = await this.sql.query<{
      event_id: string;
      stream_id: string;
      revision: bigint;
      position: bigint;
    }>(this.sqlText.storedIds, [eventIds], PREPARED);
    const stored: StoredEventRef[] = rows.map((r) => ({
      eventId: r.event_id,
      streamId: r.stream_id,
      revision: Number(r.revision),
      position: r.position,
    }));
    return resolveReappend(streamId, eventIds, stored);
  }

  private async currentRevision(streamId: string): Promise<CurrentRevision> {
    const { rows } = await this.sql.query<{ revision: bigint }>(
      this.sqlText.currentRevision,
      [streamId],
      PREPARED,
    );
    const row = rows[0];
    return row ? Number(row.revision) : 'no_stream';
  }

  private assertOpen(): void {
    if (this.closed) throw new Error('the event store is closed');
  }
}

/**
 * One statement, one round trip per append: write the stream row under the expected-revision
 * guard, chaining the events' hashes onto the stream's head hash (`chain_hashes`, see schema.ts),
 * then insert every event from parallel arrays. When the guard refuses, the stream CTE
 * yields no row, nothing is inserted and the statement returns nothing.
 *
 * `transaction_id < pg_current_xact_id()` is the per-stream ordering guard: a writer may take
 * its xid, then wait for the stream row behind a writer with a larger xid. Letting it through
 * would give revision n+1 a smaller position than revision n, so it is refused and retried.
 */
function appendStatements(s: string): Record<ModeKey, string> {
  const count = 'cardinality($2::uuid[])';
  const xid = 'pg_current_xact_id()';
  // The chain goes on from the head hash of the row as locked, so concurrent appends cannot fork it.
  const chained = `${s}.chain_hashes(st.last_hashes[cardinality(st.last_hashes)], $5::text[])`;
  const newStream = `($1, ${count} - 1, ${xid}, ${s}.chain_hashes(${GENESIS_HASH_SQL}, $5::text[]))`;
  const set = `revision = st.revision + ${count}, transaction_id = ${xid}, last_hashes = ${chained}`;
  const returning = 'RETURNING st.revision, st.last_hashes';
  const update = `UPDATE ${s}.streams AS st SET ${set}`;
  const streamCte: Record<ModeKey, string> = {
    any: `INSERT INTO ${s}.streams AS st (stream_id, revision, transaction_id, last_hashes)
      VALUES ${newStream}
      ON CONFLICT (stream_id) DO UPDATE SET ${set}
      WHERE st.transaction_id < ${xid}
      ${returning}`,
    no_stream: `INSERT INTO ${s}.streams AS st (stream_id, revision, transaction_id, last_hashes)
      VALUES ${newStream}
      ON CONFLICT (stream_id) DO NOTHING
      ${returning}`,
    stream_exists: `${update} WHERE st.stream_id = $1 AND st.transaction_id < ${xid} ${returning}`,
    exact: `${update} WHERE st.stream_id = $1 AND st.revision = $6 AND st.transaction_id < ${xid}
      ${returning}`,
  };
  // data and metadata come out of the canonical body, so what is stored is what was hashed.
  const insertEvents = `INSERT INTO ${s}.events
      (position, stream_id, revision, event_id, type, schema_version, data, metadata, hash)
    SELECT (${SQL_CURRENT_XID} << ${XID_SHIFT}) + e.ord - 1, $1, stream.revision - ${count} + e.ord,
      e.event_id, e.type, e.schema_version, body.json -> 'data', body.json -> 'metadata',
      stream.last_hashes[e.ord]
    FROM stream,
      unnest($2::uuid[], $3::text[], $4::int[], $5::text[])
        WITH ORDINALITY AS e(event_id, type, schema_version, body, ord),
      LATERAL (SELECT e.body::jsonb AS json) AS body`;
  // A data-modifying CTE always runs to completion, so the result can come from the stream row
  // and the position be computed once, instead of collecting the inserted rows.
  const statement = (mode: ModeKey) =>
    `WITH stream AS (${streamCte[mode]}), appended AS (${insertEvents})
    SELECT revision, (${SQL_CURRENT_XID} << ${XID_SHIFT}) + ${count} - 1 AS position FROM stream`;
  return {
    any: statement('any'),
    no_stream: statement('no_stream'),
    stream_exists: statement('stream_exists'),
    exact: statement('exact'),
  };
}

function assertCount(name: string, value: number): void {
  if (!Number.isSafeInteger(value) || value < 0) {
    throw new RangeError(`${name} must be an integer >= 0, got ${value}`);
  }
}

function toRecordedEvent(row: EventRow): RecordedEvent {
  return {
    eventId: row.event_id,
    type: row.type,
    schemaVersion: row.schema_version,
    data: row.data,
    metadata: row.metadata,
    streamId: row.stream_id,
    revision: Number(row.revision),
    position: row.position,
    createdAt: row.created_at,
    hash: Buffer.from(row.hash).toString('hex'),
  };
}
