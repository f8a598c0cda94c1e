/**
 * Expected revisions and errors between the port and @kurrent/kurrentdb-client.
 */
import kurrent, { type CommandError } from '@kurrent/kurrentdb-client';
import type { CurrentRevision } from '../append-rules.js';
import { WrongExpectedRevisionError } from '../errors.js';
import type { ExpectedRevision } from '../event-store.port.js';

const { ErrorType, convertToCommandError, isCommandError } = kurrent;

/** The client's AppendStreamState: its constants ANY, NO_STREAM, STREAM_EXISTS are these strings. */
export type KurrentStreamState = 'any' | 'no_stream' | 'stream_exists' | bigint;

export function toStreamState(expected: ExpectedRevision): KurrentStreamState {
  return typeof expected === 'number' ? BigInt(expected) : expected;
}

/** The client's CurrentStreamState ('no_stream' or the last revision) as the port reports it. */
export function toCurrentRevision(actual: 'no_stream' | bigint): CurrentRevision {
  return actual === 'no_stream' ? 'no_stream' : Number(actual);
}

/** The client's WrongExpectedVersionError, whether the client built it or only the gRPC status. */
export function asWrongExpectedVersion(error: unknown): { actualState: 'no_stream' | bigint } | undefined {
  const converted = toCommandError(error);
  return converted?.type === ErrorType.WRONG_EXPECTED_VERSION ? converted : undefined;
}

/**
 * The port's conflict error with the same fields the PostgreSQL adapter gives: the ledger's
 * stream name (not the prefixed KurrentDB one), the expectation as the caller gave it, and the
 * stream's actual revision.
 */
export function toWrongExpectedRevisionError(
  streamId: string,
  expected: ExpectedRevision,
  actual: 'no_stream' | bigint,
): WrongExpectedRevisionError {
  return new WrongExpectedRevisionError(streamId, expected, toCurrentRevision(actual));
}

/**
 * Worth retrying on a new call: the node is down or unreachable, no longer the leader, timed out,
 * or the server cancelled the call (as it does on a leader change). The client reconnects, to the
 * new leader if it was told one, on the next call. Anything else (access denied, a bad request,
 * or an event the ledger cannot read) would fail the same way again.
 */
export function isTransientKurrentError(error: unknown): boolean {
  const converted = toCommandError(error);
  return converted !== undefined && TRANSIENT.has(converted.type);
}

const TRANSIENT: ReadonlySet<string> = new Set([
  ErrorType.UNAVAILABLE,
  ErrorType.NOT_LEADER,
  ErrorType.DEADLINE_EXCEEDED,
  ErrorType.TIMEOUT,
  ErrorType.CANCELLED,
  ErrorType.UNKNOWN,
]);

/** The client's typed error for a raw gRPC status; any other error as it is. */
export function normalizeKurrentError(error: unknown): unknown {
  return toCommandError(error) ?? error;
}

/**
 * Some client calls (appends) reject with the raw gRPC status; the client's own converter turns
 * it into its typed error. Errors that are not gRPC statuses are left alone: the converter would
 * misread a Node.js error's string `code`.
 */
function toCommandError(error: unknown): CommandError | undefined {
  if (!(error instanceof Error)) return undefined;
  if (isCommandError(error)) return error;
  const status = error as Error & { code?: unknown; details?: unknown };
  if (typeof status.code !== 'number' || typeof status.details !== 'string') return undefined;
  const converted = convertToCommandError(error);
  return isCommandError(converted) ? converted : undefined;
}
