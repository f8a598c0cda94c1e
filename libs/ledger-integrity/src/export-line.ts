/**
 * One event per line of an export file (the file's layout: apps/auditor/src/export/export-ledger.ts):
 *
 *   <hash> <position> <recordedAt> <revision> <eventId> <body>
 *
 * The body is the canonical JSON the chain hash covers, verbatim, so a verifier hashes the bytes as they stand.
 */
import { CHAIN_PREFIX_BYTES, eventHashBody } from './hash-chain.js';
import { streamIdOfBody, type HashedEvent, type VerifiableEvent } from './log-verifier.js';

const SPACE = 0x20;

export function exportLine(event: VerifiableEvent): string {
  const fields = [event.hash, event.position, event.createdAt.getTime(), event.revision, event.eventId];
  return `${fields.join(' ')} ${eventHashBody(event)}`;
}

/**
 * An event line (see the top of this file), or undefined when it is not one. The fields before the body are read
 * into the result, so the bytes they took become scratch space for the verifier (`scratchBefore`): the line must
 * not be read again after verification.
 */
export function parseExportLine(line: Buffer): HashedEvent | undefined {
  // Byte by byte, without regular expressions or intermediate strings: a verifier reads millions of these.
  const hashEnd = line.indexOf(SPACE);
  if (hashEnd !== 64) return undefined;
  const position = digits(line, hashEnd + 1);
  if (position === undefined) return undefined;
  const negative = line[position.end + 1] === MINUS;
  const recordedAt = digits(line, position.end + 1 + (negative ? 1 : 0));
  if (recordedAt === undefined) return undefined;
  const revision = digits(line, recordedAt.end + 1);
  if (revision === undefined) return undefined;
  const idEnd = line.indexOf(SPACE, revision.end + 1);
  if (idEnd < 0) return undefined;
  const body = line.subarray(idEnd + 1);
  const streamId = streamIdOfBody(body);
  if (
    streamId === undefined ||
    !Number.isSafeInteger(recordedAt.value) ||
    !Number.isSafeInteger(revision.value)
  ) {
    return undefined;
  }
  return {
    hash: line.toString('latin1', 0, hashEnd),
    position:
      position.value < 2 ** 53
        ? BigInt(position.value)
        : BigInt(line.toString('latin1', hashEnd + 1, position.end)),
    createdAt: new Date(negative ? -recordedAt.value : recordedAt.value),
    revision: revision.value,
    eventId: line.toString('latin1', revision.end + 1, idEnd),
    streamId,
    body,
    // The hash (64), position, time, revision and id with their spaces always take more than the prefix needs.
    scratchBefore: idEnd + 1 >= CHAIN_PREFIX_BYTES,
  };
}

const MINUS = 0x2d;
const ZERO = 0x30;

/** The decimal number at `start`, ending at a space; its value (approximate beyond 2^53) and the space's index. */
function digits(line: Buffer, start: number): { value: number; end: number } | undefined {
  let value = 0;
  let at = start;
  for (; at < line.length; at++) {
    const byte = line[at] as number;
    if (byte === SPACE) break;
    const digit = byte - ZERO;
    if (digit < 0 || digit > 9) return undefined;
    value = value * 10 + digit;
  }
  return at === start || at === line.length ? undefined : { value, end: at };
}
