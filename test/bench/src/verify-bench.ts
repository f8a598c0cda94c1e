/**
 * `verify` throughput over a log of synthetic ledger events: every hash chain recomputed, the Merkle log rebuilt,
 * the root compared and the signature checked at every signed head. Two ways in, against bare SHA-256 of the same
 * canonical bytes, all measured in the same run, chunk by chunk so a million events never sit in memory at once:
 * - `verify --file`: the lines of an export file (the hashed bytes verbatim, see export-line.ts), parsed and checked,
 *   with the Merkle roots on a second thread as the CLI does (the machine has 2 cores);
 * - from parsed events as a store hands them out (`verify` on a live store, without the reading), which must put
 *   every event in canonical form again first.
 */
import { createHash, generateKeyPairSync } from 'node:crypto';
import type { RecordedEvent } from '@ledger/event-store';
import {
  type SignedTreeHead,
  chainHash,
  eventHashBody,
  eventLeafHash,
  exportLine,
  GENESIS_HASH,
  LogVerifier,
  MerkleLog,
  ParallelRootCheck,
  parseExportLine,
  signTreeHead,
  toHex,
} from '@ledger/ledger-integrity';
import { syntheticEventData, syntheticOperation } from '@ledger/read-models/fixtures';

export interface VerifyBenchResult {
  events: number;
  headEvery: number;
  heads: number;
  /** verify --file: export lines. */
  verify: { seconds: number; eventsPerSecond: number; valid: boolean };
  /** The same checks from parsed events (a live store's path, without reading them). */
  fromEvents: { seconds: number; eventsPerSecond: number; valid: boolean; ratio: number };
  bareSha256: { seconds: number; eventsPerSecond: number };
  /** verify events/s ÷ bare SHA-256 events/s. */
  ratio: number;
}

const CHUNK = 50_000;
const SEED = 11;

/** The synthetic log, chunk by chunk, as a store records it: chain hashes, positions, commit times. */
function* chunks(total: number): Generator<RecordedEvent[]> {
  const heads = new Map<string, string>();
  const revisions = new Map<string, number>();
  let operation = 0;
  let position = 0n;
  const createdAt = new Date('2026-11-23T00:00:00.000Z');
  let produced = 0;
  while (produced < total) {
    const chunk: RecordedEvent[] = [];
    while (chunk.length < CHUNK && produced < total) {
      for (const append of syntheticOperation(SEED, operation++)) {
        if (produced >= total) break;
        const data = syntheticEventData(append);
        const revision = revisions.get(append.streamId) ?? 0;
        revisions.set(append.streamId, revision + 1);
        const hash = chainHash(
          heads.get(append.streamId) ?? GENESIS_HASH,
          eventHashBody({ ...data, streamId: append.streamId }),
        );
        heads.set(append.streamId, hash);
        chunk.push({ ...data, streamId: append.streamId, revision, position: ++position, createdAt, hash });
        produced += 1;
      }
    }
    yield chunk;
  }
}

export async function runVerifyBench(options: {
  events: number;
  headEvery: number;
  log: (line: string) => void;
}): Promise<VerifyBenchResult> {
  const { events, headEvery, log } = options;
  const { privateKey, publicKey } = generateKeyPairSync('ed25519');
  const privatePem = privateKey.export({ type: 'pkcs8', format: 'pem' }).toString();
  const publicPem = publicKey.export({ type: 'spki', format: 'pem' }).toString();

  // Each chunk is made once (synthetic ids are random): the ledger's side signs its heads, untimed, then the
  // anchor and the verifier take their turns on it.
  const merkle = new MerkleLog();
  // As `verify --file` runs: the chains here, the Merkle roots on a second thread.
  const roots = new ParallelRootCheck([]);
  const verifier = new LogVerifier([], [publicPem], { forwardLeaf: roots.forward });
  const fromEvents = new LogVerifier([], [publicPem]);
  let heads = 0;
  let verifyNs = 0n;
  let eventsNs = 0n;
  let bareNs = 0n;
  let sink = 0;
  for (const chunk of chunks(events)) {
    const signed: SignedTreeHead[] = [];
    for (const event of chunk) {
      merkle.append(eventLeafHash(event));
      if (merkle.size % headEvery === 0 || merkle.size === events) {
        const head = {
          treeSize: merkle.size,
          rootHash: toHex(merkle.root()),
          timestamp: new Date().toISOString(),
        };
        signed.push(signTreeHead(head, privatePem));
      }
    }
    heads += signed.length;
    const canonical = chunk.map((event) => Buffer.from(eventHashBody(event), 'utf8'));
    const lines = chunk.map((event) => Buffer.from(exportLine(event), 'utf8'));
    let started = process.hrtime.bigint();
    for (const bytes of canonical) sink ^= createHash('sha256').update(bytes).digest()[0]!;
    bareNs += process.hrtime.bigint() - started;
    started = process.hrtime.bigint();
    verifier.addHeads(signed);
    roots.addHeads(signed);
    for (const line of lines) {
      const event = parseExportLine(line);
      if (event === undefined) throw new Error('the bench wrote a line it cannot read');
      verifier.add(event);
      if (roots.busy) await roots.drain();
    }
    // The chunk counts as verified once the other thread has checked its roots too.
    await roots.drain(0);
    verifyNs += process.hrtime.bigint() - started;
    started = process.hrtime.bigint();
    fromEvents.addHeads(signed);
    for (const event of chunk) fromEvents.add(event);
    eventsNs += process.hrtime.bigint() - started;
  }
  let started = process.hrtime.bigint();
  const report = verifier.finish(undefined, await roots.finish());
  verifyNs += process.hrtime.bigint() - started;
  started = process.hrtime.bigint();
  const eventsReport = fromEvents.finish();
  eventsNs += process.hrtime.bigint() - started;
  const eventsSeconds = Number(eventsNs) / 1e9;
  if (sink < 0) log('unreachable');

  const verifySeconds = Number(verifyNs) / 1e9;
  const bareSeconds = Number(bareNs) / 1e9;
  const result: VerifyBenchResult = {
    events,
    headEvery,
    heads,
    verify: {
      seconds: verifySeconds,
      eventsPerSecond: events / verifySeconds,
      valid: report.valid && report.headsChecked === heads,
    },
    fromEvents: {
      seconds: eventsSeconds,
      eventsPerSecond: events / eventsSeconds,
      valid: eventsReport.valid && eventsReport.headsChecked === heads,
      ratio: bareSeconds / eventsSeconds,
    },
    bareSha256: { seconds: bareSeconds, eventsPerSecond: events / bareSeconds },
    ratio: bareSeconds / verifySeconds,
  };
  return result;
}
