import { describe, expect, it } from '@jest/globals';
import kurrent from '@kurrent/kurrentdb-client';
import { WrongExpectedRevisionError } from '../errors.js';
import { NotALedgerEventError } from './envelope.js';
import {
  asWrongExpectedVersion,
  isTransientKurrentError,
  toCurrentRevision,
  toStreamState,
  toWrongExpectedRevisionError,
} from './kurrent-errors.js';

const {
  ANY,
  NO_STREAM,
  STREAM_EXISTS,
  AccessDeniedError,
  CancelledError,
  DeadlineExceededError,
  NotLeaderError,
  StreamNotFoundError,
  UnavailableError,
  WrongExpectedVersionError,
} = kurrent;

/** A gRPC status as @grpc/grpc-js rejects with it (code 14 is UNAVAILABLE, 7 PERMISSION_DENIED). */
function grpcStatus(code: number, details: string): Error {
  return Object.assign(new Error(`${code} ${details}`), { code, details, metadata: undefined });
}

describe('expected revision for KurrentDB', () => {
  it("maps every expectation onto the client's stream state", () => {
    expect(toStreamState('any')).toBe(ANY);
    expect(toStreamState('no_stream')).toBe(NO_STREAM);
    expect(toStreamState('stream_exists')).toBe(STREAM_EXISTS);
    expect(toStreamState(0)).toBe(0n);
    expect(toStreamState(Number.MAX_SAFE_INTEGER)).toBe(9007199254740991n);
  });

  it("maps the client's current stream state onto the port's", () => {
    expect(toCurrentRevision(NO_STREAM)).toBe('no_stream');
    expect(toCurrentRevision(41n)).toBe(41);
  });
});

describe('KurrentDB errors', () => {
  it('turns a WrongExpectedVersionError into the fields the PostgreSQL adapter reports', () => {
    const fromServer = new WrongExpectedVersionError(undefined, {
      streamName: 'conformance-ab12-case-1',
      expected: 0n,
      current: 2n,
    });
    const conflict = asWrongExpectedVersion(fromServer);
    expect(conflict).toBe(fromServer);

    const error = toWrongExpectedRevisionError('case-1', 0, conflict!.actualState);
    expect(error).toBeInstanceOf(WrongExpectedRevisionError);
    expect(error).toMatchObject({ streamId: 'case-1', expected: 0, actual: 2 });

    const missing = new WrongExpectedVersionError(undefined, {
      streamName: 'case-2',
      expected: STREAM_EXISTS,
      current: NO_STREAM,
    });
    expect(
      toWrongExpectedRevisionError('case-2', 'stream_exists', asWrongExpectedVersion(missing)!.actualState),
    ).toMatchObject({ streamId: 'case-2', expected: 'stream_exists', actual: 'no_stream' });
  });

  it('does not mistake other errors for a conflict', () => {
    expect(asWrongExpectedVersion(new UnavailableError())).toBeUndefined();
    expect(asWrongExpectedVersion(new Error('wrong-expected-version'))).toBeUndefined();
    expect(asWrongExpectedVersion('no')).toBeUndefined();
  });

  it('retries an unreachable node, a leader change, a timeout and a server-side cancellation', () => {
    expect(isTransientKurrentError(new UnavailableError())).toBe(true);
    expect(isTransientKurrentError(new DeadlineExceededError())).toBe(true);
    expect(isTransientKurrentError(new CancelledError())).toBe(true);
    const notLeader = Object.assign(new Error('not leader'), {
      code: 9,
      details: 'Leader info available',
      metadata: {
        getMap: () => ({
          exception: 'not-leader',
          'leader-endpoint-host': 'node2',
          'leader-endpoint-port': '2113',
        }),
      },
    });
    expect(isTransientKurrentError(notLeader)).toBe(true);
    expect(isTransientKurrentError(new NotLeaderError(notLeader as never))).toBe(true);
    // appendToStream rejects with the raw status when the node cannot be reached.
    expect(isTransientKurrentError(grpcStatus(14, 'No connection established'))).toBe(true);
  });

  it('does not retry what would fail the same way again', () => {
    expect(isTransientKurrentError(new AccessDeniedError())).toBe(false);
    expect(isTransientKurrentError(new StreamNotFoundError(undefined, 'case-1'))).toBe(false);
    expect(isTransientKurrentError(grpcStatus(16, 'Unauthenticated'))).toBe(false);
    expect(isTransientKurrentError(new NotALedgerEventError({ id: 'x', streamId: 'y' }, 'binary'))).toBe(
      false,
    );
    expect(isTransientKurrentError(new RangeError('explicit transaction'))).toBe(false);
    // A Node.js error has a string code: not a gRPC status.
    expect(isTransientKurrentError(Object.assign(new Error('reset'), { code: 'ECONNRESET' }))).toBe(false);
    expect(isTransientKurrentError(undefined)).toBe(false);
  });
});
