import { createReadStream, createWriteStream } from 'node:fs';
import { once } from 'node:events';
import { MerkleProofs, TreeHeads, type StoredTreeHead } from '@ledger/audit';
import type { EventStore } from '@ledger/event-store';
import {
  exportLine,
  hashFromHex,
  LogVerifier,
  ParallelRootCheck,
  parseExportLine,
  verifyConsistency,
  type VerifyReport,
} from '@ledger/ledger-integrity';
import type { SqlClient } from '@ledger/sql';

export const EXPORT_FORMAT = 'coordination-ledger-export/v2';

/**
 * The export file, UTF-8 lines: a JSON header, then one line per event in global order.
 *
 *   {"format":"coordination-ledger-export/v2","exportedAt":…,"publicKeys":{"<keyId>":"<PEM>"},
 *    "heads":[{"treeSize","rootHash","timestamp","signature","keyId"}…],
 *    "consistency":[{"from","to","proof":[hex…]}…]}
 *   <hash> <position> <recordedAt> <revision> <eventId> <body>
 *
 * hash: 64 lowercase hex, the event's chain hash; position: decimal; recordedAt: milliseconds since 1970 (UTC);
 * revision: decimal; eventId: the UUID; body: the canonical JSON the chain hash covers (hash-chain.ts), verbatim.
 * The body is the event (data, metadata, type, stream…), itself a JSON document; since it holds exactly the hashed
 * bytes, a verifier hashes it as it stands instead of canonicalising the event again.
 *
 * The consistency proofs link each signed head to the next, so a reader who trusts one head can check the others
 * without the events; `verifyExport` checks everything from the events themselves.
 */
export interface ExportHeader {
  format: typeof EXPORT_FORMAT;
  exportedAt: string;
  publicKeys: Record<string, string>;
  heads: StoredTreeHead[];
  consistency: { from: number; to: number; proof: string[] }[];
}

export async function exportLedger(options: {
  store: EventStore;
  sql: SqlClient;
  schema: string;
  file: string;
  batchSize?: number;
  onProgress?: (done: number, total: number) => void;
}): Promise<{ events: number; heads: number }> {
  const heads = new TreeHeads(options.sql, options.schema);
  const proofs = new MerkleProofs(options.sql, options.schema);
  const signed = await heads.all();
  const consistency = [];
  for (let i = 1; i < signed.length; i++) {
    const from = signed[i - 1]!.treeSize;
    const to = signed[i]!.treeSize;
    consistency.push({ from, to, proof: await proofs.consistency(from, to) });
  }
  const header: ExportHeader = {
    format: EXPORT_FORMAT,
    exportedAt: new Date().toISOString(),
    publicKeys: Object.fromEntries(await heads.publishedKeys()),
    heads: signed,
    consistency,
  };
  const total = await proofs.size();
  const out = createWriteStream(options.file, { encoding: 'utf8' });
  const write = async (line: string) => {
    if (!out.write(`${line}\n`)) await once(out, 'drain');
  };
  let events = 0;
  try {
    await write(JSON.stringify(header));
    let after: bigint | undefined;
    for (;;) {
      const batch = await options.store.readAll({
        ...(after === undefined ? {} : { after }),
        maxCount: options.batchSize ?? 5_000,
      });
      if (batch.length === 0) break;
      await write(batch.map(exportLine).join('\n'));
      events += batch.length;
      after = batch.at(-1)!.position;
      options.onProgress?.(events, Math.max(total, events));
    }
  } finally {
    out.end();
    await once(out, 'close');
  }
  return { events, heads: signed.length };
}

const NEWLINE = 0x0a;

/** The lines of a file as byte slices, without decoding them: verification hashes the bytes as they are. */
async function* lines(file: string): AsyncGenerator<Buffer> {
  let rest: Buffer = Buffer.alloc(0);
  for await (const chunk of createReadStream(file, { highWaterMark: 1 << 20 }) as AsyncIterable<Buffer>) {
    const data = rest.length === 0 ? chunk : Buffer.concat([rest, chunk]);
    let start = 0;
    for (let end = data.indexOf(NEWLINE); end >= 0; end = data.indexOf(NEWLINE, start)) {
      yield data.subarray(start, end);
      start = end + 1;
    }
    rest = data.subarray(start);
  }
  if (rest.length > 0) yield rest;
}

/**
 * `verify --file`: checks an export offline, with no access to the ledger. Every chain, every signed head's root and
 * signature, and the consistency proofs between heads.
 */
export async function verifyExport(options: {
  file: string;
  trustedKeys?: readonly string[];
  /** Check the Merkle roots on a second thread (see ParallelRootCheck); the CLI does. */
  parallel?: boolean;
  onProgress?: (done: number) => void;
}): Promise<VerifyReport & { keys: 'trusted' | 'published' }> {
  let verifier: LogVerifier | undefined;
  let roots: ParallelRootCheck | undefined;
  let lineNumber = 0;
  try {
    for await (const line of lines(options.file)) {
      lineNumber += 1;
      if (line.length === 0) continue;
      if (!verifier) {
        const header = parseHeader(line, options.file);
        roots = options.parallel ? new ParallelRootCheck(header.heads) : undefined;
        verifier = new LogVerifier(
          header.heads,
          options.trustedKeys ?? Object.values(header.publicKeys),
          roots ? { forwardLeaf: roots.forward } : {},
        );
        checkConsistency(header, verifier);
        continue;
      }
      const event = parseExportLine(line);
      if (!event) {
        verifier.report({
          kind: 'altered',
          index: verifier.size,
          message: `line ${lineNumber} is not an event line`,
        });
        continue;
      }
      verifier.add(event);
      if (roots?.busy) await roots.drain();
      if (verifier.size % 10_000 === 0) options.onProgress?.(verifier.size);
    }
    if (!verifier) throw new Error(`${options.file} is empty`);
    options.onProgress?.(verifier.size);
    const report = verifier.finish(undefined, roots && (await roots.finish()));
    roots = undefined;
    return { ...report, keys: options.trustedKeys ? 'trusted' : 'published' };
  } finally {
    await roots?.abandon();
  }
}

function parseHeader(line: Buffer, file: string): ExportHeader {
  let header: ExportHeader;
  try {
    header = JSON.parse(line.toString('utf8')) as ExportHeader;
  } catch {
    throw new Error(`${file} does not start with an export header`);
  }
  if (header.format !== EXPORT_FORMAT) throw new Error(`${file} is not a ${EXPORT_FORMAT} file`);
  return header;
}

function checkConsistency(header: ExportHeader, verifier: LogVerifier): void {
  const bySize = new Map(header.heads.map((head) => [head.treeSize, head]));
  for (const { from, to, proof } of header.consistency) {
    const older = bySize.get(from);
    const newer = bySize.get(to);
    const ok =
      older !== undefined &&
      newer !== undefined &&
      verifyConsistency(
        from,
        to,
        proof.map((hex) => hashFromHex(hex)),
        hashFromHex(older.rootHash),
        hashFromHex(newer.rootHash),
      );
    if (!ok) {
      verifier.report({
        kind: 'root',
        message: `the signed heads of sizes ${from} and ${to} are not consistent: the log was rewritten between them`,
      });
    }
  }
}
