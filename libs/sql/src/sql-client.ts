/**
 * One SQL surface for a PostgreSQL server (node-postgres pool) and embedded PGlite, so the
 * adapters above it have a single code path. Both clients parse int8 as bigint, jsonb as
 * parsed JSON and timestamptz as Date.
 */

export interface SqlResult<R> {
  rows: R[];
  /** Rows returned or affected by the statement. */
  rowCount: number;
}

export interface QueryOptions {
  /**
   * Parse and plan this statement once per connection and reuse it. For hot statements whose
   * text never varies: each distinct text stays prepared for the connection's lifetime. PGlite
   * ignores it.
   */
  prepare?: boolean;
}

/** Runs one statement. Parameters are bound ($1, $2, …), never interpolated. */
export interface SqlExecutor {
  query<R = Record<string, unknown>>(
    text: string,
    params?: unknown[],
    options?: QueryOptions,
  ): Promise<SqlResult<R>>;
  /**
   * Loads rows with COPY … FROM: `rows` in COPY's text format (see `copyText`), into `table` (schema-qualified,
   * quoted) and its `columns`. Far less work for the server than an INSERT of the same rows, for bulk loads.
   */
  copyFrom(table: string, columns: readonly string[], rows: string): Promise<void>;
}

/**
 * One database session of its own, outside the pool, for state that lives as long as the
 * session does (an advisory lock). `lost` settles when the session ends for any reason but
 * `close()`.
 */
export interface SqlSession extends SqlExecutor {
  readonly lost: Promise<Error>;
  close(): Promise<void>;
}

export interface SqlClient extends SqlExecutor {
  readonly dialect: 'pg' | 'pglite';
  /** PGlite has one session: there it returns that one, and closing it closes nothing. */
  session(): Promise<SqlSession>;
  /**
   * Runs `fn` inside BEGIN … COMMIT on one connection, rolling back if it throws. Use only `tx`
   * inside `fn`: on PGlite, calling the client itself from there would wait for this transaction.
   */
  transaction<T>(fn: (tx: SqlExecutor) => Promise<T>): Promise<T>;
  close(): Promise<void>;
}

/** The fields both drivers copy from a PostgreSQL ErrorResponse. */
export interface SqlError extends Error {
  /** SQLSTATE, such as 23505 for a unique violation. */
  code: string;
  constraint?: string;
  detail?: string;
}

/** True when `err` came from the server, optionally with this SQLSTATE. */
export function isSqlError(err: unknown, code?: string): err is SqlError {
  if (!(err instanceof Error)) return false;
  const errCode = (err as Partial<SqlError>).code;
  return (
    typeof errCode === 'string' && /^[0-9A-Z]{5}$/.test(errCode) && (code === undefined || errCode === code)
  );
}

export const SQLSTATE = {
  uniqueViolation: '23505',
  serializationFailure: '40001',
  deadlockDetected: '40P01',
} as const;

/**
 * True for an error that says nothing about the statement, only that the database could not
 * be reached or gave up on the connection or transaction: trying again later may succeed.
 */
export function isTransientSqlError(err: unknown): boolean {
  if (!(err instanceof Error)) return false;
  const code = (err as { code?: unknown }).code;
  if (typeof code === 'string') {
    // 08: connection exception; 57P0x: the server is shutting down or starting; 53: out of resources.
    if (/^(08|53)/.test(code) || /^57P0[1-3]$/.test(code)) return true;
    if (code === SQLSTATE.serializationFailure || code === SQLSTATE.deadlockDetected) return true;
    if (/^(ECONNREFUSED|ECONNRESET|ETIMEDOUT|EPIPE|EHOSTUNREACH|ENOTFOUND|EAI_AGAIN)$/.test(code))
      return true;
  }
  return /Connection terminated|connection timeout|Client has encountered a connection error/i.test(
    err.message,
  );
}

/** Type OIDs we parse ourselves, identically in both drivers. */
export const PG_TYPE = { int8: 20, xid8: 5069 } as const;

export const parseInt8 = (text: string): bigint => BigInt(text);
