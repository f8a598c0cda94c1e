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
import { chainHashSql, GENESIS_HASH_SQL, migrateEventStore, quoteSchema } from './schema.js';
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
  /** created_at in milliseconds since 1970, truncated as a Date holds it. */
  created_ms: number;
  /** Hex, as the port hands it out: encoded by the server, which writes bytea as hex anyway. */
  hash: string;
}

/**
 * Two `any` appends to one stream (from two processes: one process takes turns) may chain onto the
 * same last event; the unique revision lets one through and the other retries onto the new end.
 * Losing that race many times in a row means something else is wrong.
 */
const MAX_APPEND_ATTEMPTS = 20;

/** Every statement here has fixed text per store: worth keeping parsed and planned. */
const PREPARED = { prepare: true } as const;

/**
 * The time of an event goes out as a number: parsing a million timestamps' text costs a rebuild
 * more than a second of Node CPU; a number becomes a Date at no cost.
 */
const EVENT_COLUMNS =
  'stream_id, revision, position, event_id, type, schema_version, data, metadata, ' +
  "floor(extract(epoch FROM created_at) * 1000)::float8 AS created_ms, encode(hash, 'hex') AS hash";

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
  private readonly appendOneSql: Record<ModeKey, string>;
  private readonly sqlText: {
    storedIds: string;
    currentRevision: string;
    readStream: string;
    readAll: string;
    head: string;
  };
  private readonly subscriptions = new Set<PollingSubscription>();
  /** The last `any` / `stream_exists` append under way per stream, settled either way. */
  private readonly openEnded = new Map<string, Promise<void>>();
  private closed = false;

  constructor(
    private readonly sql: SqlClient,
    private readonly options: PostgresEventStoreOptions = {},
  ) {
    this.schema = options.schema ?? 'ledger';
    const s = quoteSchema(this.schema);
    this.appendSql = appendStatements(s, 'batch');
    this.appendOneSql = appendStatements(s, 'one');
    this.sqlText = {
      storedIds: `SELECT event_id, stream_id, revision, position FROM ${s}.events WHERE event_id = ANY($1::uuid[])`,
      currentRevision: `SELECT max(revision) AS revision FROM ${s}.events WHERE stream_id = $1`,
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

    const mode: ModeKey = typeof expected === 'number' ? 'exact' : expected;
    if (mode === 'exact' || mode === 'no_stream') return this.append(streamId, events, expected, mode);
    // `any` and `stream_exists` appends from this process take turns per stream: racing one another for
    // the next revision would only cost retries (and a busy stream could make one lose every time).
    const previous = this.openEnded.get(streamId) ?? Promise.resolve();
    const appended = previous.then(() => this.append(streamId, events, expected, mode));
    const settled = appended.then(
      () => undefined,
      () => undefined,
    );
    this.openEnded.set(streamId, settled);
    void settled.then(() => {
      if (this.openEnded.get(streamId) === settled) this.openEnded.delete(streamId);
    });
    return appended;
  }

  private async append(
    streamId: string,
    events: readonly EventData[],
    expected: ExpectedRevision,
    mode: ModeKey,
  ): Promise<AppendResult> {
    const eventIds = events.map((e) => e.eventId);
    const params = appendParameters(streamId, events);
    if (mode === 'exact') params.push(expected);
    const statement = (events.length === 1 ? this.appendOneSql : this.appendSql)[mode];

    for (let attempt = 1; ; attempt++) {
      let appended: { revision: bigint; position: bigint } | undefined;
      try {
        appended = (await this.sql.query<{ revision: bigint; position: bigint }>(statement, params, PREPARED))
          .rows[0];
      } catch (err) {
        // The statement wrote nothing. A taken revision or a stored id: a conflict, a lost race, or a retry.
        if (!isSqlError(err, SQLSTATE.uniqueViolation)) throw err;
      }
      if (appended) {
        for (const subscription of this.subscriptions) subscription.wake();
        return { nextRevision: Number(appended.revision), position: appended.position };
      }

      // Refused: a retry of a stored append (idempotent, or a misuse), a real conflict, or a lost race.
      const replay = await this.resolveStoredIds(streamId, eventIds);
      if (replay) return replay;
      const actual = await this.currentRevision(streamId);
      if (!satisfiesExpectedRevision(expected, actual)) {
        throw new WrongExpectedRevisionError(streamId, expected, actual);
      }
      if (attempt >= MAX_APPEND_ATTEMPTS) {
        throw new Error(
          `append to ${streamId} lost the race for the next revision ${attempt} times in a row; giving up`,
        );
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
    const revision = rows[0]?.revision;
    return revision === null || revision === undefined ? 'no_stream' : Number(revision);
  }

  private assertOpen(): void {
    if (this.closed) throw new Error('the event store is closed');
  }
}

/**
 * The parameters of an append statement: $1 the stream, $2 … $4 the ids, types and schema versions
 * (arrays; plain values for one event), $5 the canonical bodies, UTF-8, one after the other, and for
 * several events $6 and $7 each body's start (1-based) and length. The canonical body is what the
 * chain hashes; data and metadata are stored from it, so the stored JSON is exactly what was hashed.
 * Bodies go as one binary parameter: JSON in a text array would be escaped, and unescaped again by
 * the server.
 */
function appendParameters(streamId: string, events: readonly EventData[]): unknown[] {
  const bodies = events.map((e) => Buffer.from(eventHashBody({ ...e, streamId }), 'utf8'));
  if (events.length === 1) {
    const [event] = events as [EventData];
    return [streamId, event.eventId, event.type, event.schemaVersion, bodies[0]];
  }
  const starts: number[] = [];
  let start = 1;
  for (const body of bodies) {
    starts.push(start);
    start += body.length;
  }
  return [
    streamId,
    events.map((e) => e.eventId),
    events.map((e) => e.type),
    events.map((e) => e.schemaVersion),
    Buffer.concat(bodies),
    starts,
    bodies.map((body) => body.length),
  ];
}

/**
 * One statement, one round trip per append: find the event the batch goes after (by the expected
 * revision, or the stream's last), chain the batch's hashes onto its hash (`chainHashSql`, see
 * schema.ts), and insert the events at the revisions that follow. The unique (stream_id, revision)
 * is the guard: an append that finds no such event inserts nothing and returns nothing, and one that
 * another append beat to a revision fails with a unique violation. One event, the usual command,
 * has a statement of its own without arrays or the loop over them.
 *
 * Positions follow revisions within a stream. The events a batch goes after were committed before
 * the statement's snapshot, and the statement takes its xid (its positions) at its first write,
 * after that snapshot: so after their writer's xid.
 */
/**
 * A body parsed to jsonb, as `body.json`, once. OFFSET 0 keeps the planner from pulling the subquery up, which
 * would parse the body once for data and again for metadata (a fifth of the statement's cost).
 */
const parsedOnce = (text: string): string => `SELECT ${text}::jsonb AS json OFFSET 0`;

function appendStatements(s: string, size: 'one' | 'batch'): Record<ModeKey, string> {
  const expectedParam = size === 'one' ? '$6' : '$8';
  const genesis = `SELECT ${GENESIS_HASH_SQL} AS hash, -1::bigint AS revision`;
  const last = `SELECT hash, revision FROM ${s}.events WHERE stream_id = $1 ORDER BY revision DESC LIMIT 1`;
  // What the batch goes after: its hash and revision; no row when the expectation is not met.
  const after: Record<ModeKey, string> = {
    // A stream that exists makes the insert at revision 0 fail on the unique revision.
    no_stream: genesis,
    exact: `SELECT hash, revision FROM ${s}.events WHERE stream_id = $1 AND revision = ${expectedParam}`,
    any: `SELECT * FROM ((${last}) UNION ALL (${genesis})) AS found ORDER BY revision DESC LIMIT 1`,
    stream_exists: last,
  };
  const position = `${SQL_CURRENT_XID} << ${XID_SHIFT}`;
  const columns = 'position, stream_id, revision, event_id, type, schema_version, data, metadata, hash';
  const one = (mode: ModeKey) => `WITH after AS (${after[mode]})
    INSERT INTO ${s}.events (${columns})
    SELECT ${position}, $1, after.revision + 1, $2::uuid, $3::text, $4::int,
      body.json -> 'data', body.json -> 'metadata', ${chainHashSql('after.hash', '$5::bytea')}
    FROM after, LATERAL (${parsedOnce("convert_from($5::bytea, 'UTF8')")}) AS body
    RETURNING revision, position`;
  const count = 'cardinality($2::uuid[])';
  // MATERIALIZED: the chain is computed once, not once per inserted row.
  const batch = (mode: ModeKey) => `WITH after AS (${after[mode]}),
    chained AS MATERIALIZED (
      SELECT after.revision, ${s}.chain_hashes(after.hash, $5::bytea, $6::int[], $7::int[]) AS hashes FROM after),
    appended AS (INSERT INTO ${s}.events (${columns})
      SELECT (${position}) + e.ord - 1, $1, chained.revision + e.ord,
        e.event_id, e.type, e.schema_version, body.json -> 'data', body.json -> 'metadata', chained.hashes[e.ord]
      FROM chained,
        unnest($2::uuid[], $3::text[], $4::int[], $6::int[], $7::int[])
          WITH ORDINALITY AS e(event_id, type, schema_version, body_start, body_length, ord),
        LATERAL (${parsedOnce("convert_from(substring($5::bytea FROM e.body_start FOR e.body_length), 'UTF8')")}) AS body)
    SELECT chained.revision + ${count} AS revision, (${position}) + ${count} - 1 AS position
    FROM chained`;
  const statement = size === 'one' ? one : batch;
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
    createdAt: new Date(row.created_ms),
    hash: row.hash,
  };
}
