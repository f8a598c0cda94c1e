import { createReadStream, createWriteStream } from 'node:fs';
import { once } from 'node:events';
import { createInterface } from 'node:readline';
import { MerkleProofs, TreeHeads, type StoredTreeHead } from '@ledger/audit';
import type { EventStore, RecordedEvent } from '@ledger/event-store';
import {
  hashFromHex,
  LogVerifier,
  verifyConsistency,
  type VerifiableEvent,
  type VerifyReport,
} from '@ledger/ledger-integrity';
import type { SqlClient } from '@ledger/sql';

export const EXPORT_FORMAT = 'coordination-ledger-export/v1';

/**
 * The export file, JSON Lines: a header line, then one line per event in global order.
 *
 *   {"format":"coordination-ledger-export/v1","exportedAt":…,"publicKeys":{"<keyId>":"<PEM>"},
 *    "heads":[{"treeSize","rootHash","timestamp","signature","keyId"}…],
 *    "consistency":[{"from","to","proof":[hex…]}…]}
 *   {"eventId","streamId","revision","position":"<decimal>","createdAt":"<ISO>","type","schemaVersion",
 *    "data","metadata","hash"}
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

function exportLine(event: RecordedEvent): string {
  return JSON.stringify({
    eventId: event.eventId,
    streamId: event.streamId,
    revision: event.revision,
    position: event.position.toString(),
    createdAt: event.createdAt.toISOString(),
    type: event.type,
    schemaVersion: event.schemaVersion,
    data: event.data,
    metadata: event.metadata,
    hash: event.hash,
  });
}

export function parseExportLine(line: string): VerifiableEvent {
  const raw = JSON.parse(line) as Omit<VerifiableEvent, 'position' | 'createdAt'> & {
    position: string;
    createdAt: string;
  };
  return { ...raw, position: BigInt(raw.position), createdAt: new Date(raw.createdAt) };
}

/**
 * `verify --file`: checks an export offline, with no access to the ledger. Every chain, every signed head's root and
 * signature, and the consistency proofs between heads.
 */
export async function verifyExport(options: {
  file: string;
  trustedKeys?: readonly string[];
  onProgress?: (done: number) => void;
}): Promise<VerifyReport & { keys: 'trusted' | 'published' }> {
  const lines = createInterface({ input: createReadStream(options.file, 'utf8'), crlfDelay: Infinity });
  let verifier: LogVerifier | undefined;
  let header: ExportHeader | undefined;
  for await (const line of lines) {
    if (line === '') continue;
    if (!verifier) {
      header = JSON.parse(line) as ExportHeader;
      if (header.format !== EXPORT_FORMAT) throw new Error(`${options.file} is not a ${EXPORT_FORMAT} file`);
      verifier = new LogVerifier(header.heads, options.trustedKeys ?? Object.values(header.publicKeys));
      checkConsistency(header, verifier);
      continue;
    }
    verifier.add(parseExportLine(line));
    if (verifier.size % 10_000 === 0) options.onProgress?.(verifier.size);
  }
  if (!verifier) throw new Error(`${options.file} is empty`);
  options.onProgress?.(verifier.size);
  return { ...verifier.finish(), keys: options.trustedKeys ? 'trusted' : 'published' };
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
