/**
 * KurrentDB positions ↔ the port's one-bigint positions.
 *
 * A KurrentDB position is {commit, prepare}: two byte offsets into the transaction log, ordered
 * by commit, then prepare. Every append (single- or multi-stream) writes each event as a
 * self-committed prepare record (PrepareFlags.IsCommitted), and the server reports such an event at
 * TFPos(logPosition, logPosition): commit == prepare, the offset of the event's own record.
 * Only events of explicit transactions (the legacy TCP API, now a server plugin; gRPC clients
 * cannot start one) get a separate commit record: commit > prepare, one commit for many events.
 * Sources in kurrent-io/KurrentDB, src/KurrentDB.Core/: Services/Storage/StorageWriterService.cs
 * (appends write prepares flagged Data | IsCommitted), Services/Storage/ReaderIndex/AllReader.cs
 * (a self-committed prepare is read as CommitEventRecord(event, prepare.LogPosition)),
 * Data/ResolvedEvent.cs (self-committed: TFPos(LogPosition, LogPosition)), and
 * Services/RequestManager (an append answers with its last event's log position).
 *
 * So the encoding is the commit position itself:
 * - strictly increasing in $all order: $all is log order, and no two records share an offset;
 * - fits a signed 64-bit column: the server keeps offsets as C# `long` and rejects anything
 *   above long.MaxValue (Transport/Common/Position.cs);
 * - decodes back to {commit: p, prepare: p}, which resumes a subscription or read exactly.
 * An event with commit != prepare cannot be represented without breaking one of these, so it is
 * refused loudly instead of being given a position that could reorder or collide.
 */

export interface KurrentPosition {
  commit: bigint;
  prepare: bigint;
}

/** PostgreSQL bigint, and the largest offset KurrentDB accepts. */
export const MAX_KURRENT_POSITION = 2n ** 63n - 1n;

export function encodeKurrentPosition(position: KurrentPosition): bigint {
  const { commit, prepare } = position;
  if (commit !== prepare) {
    throw new RangeError(
      `KurrentDB position commit=${commit} prepare=${prepare} belongs to an explicit transaction; ` +
        'the ledger only reads events written by appends (commit == prepare)',
    );
  }
  return checkRange(commit);
}

export function decodeKurrentPosition(position: bigint): KurrentPosition {
  checkRange(position);
  return { commit: position, prepare: position };
}

function checkRange(value: bigint): bigint {
  if (value < 0n || value > MAX_KURRENT_POSITION) {
    throw new RangeError(`a KurrentDB position must be in 0..2^63-1, got ${value}`);
  }
  return value;
}
