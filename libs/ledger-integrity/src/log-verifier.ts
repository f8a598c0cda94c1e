/**
 * Verifies a whole ledger log in one pass, in global order, without holding it in memory: every stream's hash
 * chain, the Merkle root at every signed head, and optionally each leaf against the leaf the ledger recorded for
 * that index when it first saw the event. It names the first event that was altered, deleted, inserted or
 * reordered; `finish` gives the report.
 */
import { CHAIN_PREFIX_BYTES, chainHashBytes, chainHashInPlace, eventHashBody } from './hash-chain.js';
import { HASH_BYTES, hashFromHex, hashesEqual, MerkleLog, toHex } from './merkle.js';
import { eventLeafHashFromBytes } from './merkle-leaf.js';
import { verifyTreeHead, type SignedTreeHead } from './tree-head.js';

/** An event as a store hands it out: the hash is recomputed from its canonical form. */
export interface VerifiableEvent {
  eventId: string;
  streamId: string;
  revision: number;
  position: bigint;
  createdAt: Date;
  type: string;
  schemaVersion: number;
  data: unknown;
  metadata: unknown;
  hash: string;
}

/**
 * An event as an export file holds it: the exact bytes that were hashed, and what the log says about them. The
 * stream id is read from the body itself (see `streamIdOfBody`), so a line cannot move an event to another stream.
 */
export interface HashedEvent {
  eventId: string;
  streamId: string;
  revision: number;
  position: bigint;
  createdAt: Date;
  hash: string;
  /** The canonical JSON body the chain hash covers (hash-chain.ts). */
  body: Uint8Array;
  /**
   * When set, CHAIN_PREFIX_BYTES just before `body` in its buffer are scratch space the verifier may overwrite, so
   * the preimage is hashed where it lies instead of being copied together.
   */
  scratchBefore?: boolean;
}

const STREAM_ID_MEMBER = Buffer.from(',"streamId":"');
const TYPE_MEMBER = Buffer.from(',"type":"');

/**
 * The stream id of a canonical body. The top-level members are sorted, so `streamId` is the one before `type`, the
 * last: the last `,"streamId":"` of the text is the top-level one, since the strings after it cannot hold an
 * unescaped quote. Undefined when the body has no such member.
 */
export function streamIdOfBody(body: Uint8Array): string | undefined {
  const bytes = Buffer.isBuffer(body) ? body : Buffer.from(body.buffer, body.byteOffset, body.byteLength);
  const at = bytes.lastIndexOf(STREAM_ID_MEMBER);
  if (at < 0) return undefined;
  const start = at + STREAM_ID_MEMBER.length - 1;
  const end = bytes.indexOf(TYPE_MEMBER, start);
  if (end < 0) return undefined;
  // Most ids have no escapes: the text between the quotes is the id.
  if (bytes.indexOf(0x5c, start) === -1 || bytes.indexOf(0x5c, start) > end) {
    return bytes.toString('utf8', start + 1, end - 1);
  }
  try {
    const value: unknown = JSON.parse(bytes.toString('utf8', start, end));
    return typeof value === 'string' ? value : undefined;
  } catch {
    return undefined;
  }
}

/** What the ledger's Merkle log recorded at a leaf index. */
export interface RecordedLeaf {
  leafIndex: number;
  eventId: string;
  streamId: string;
  revision: number;
  position: bigint;
  leafHash: string;
}

export type ProblemKind = 'altered' | 'deleted' | 'inserted' | 'reordered' | 'signature' | 'root';

export interface Problem {
  kind: ProblemKind;
  /** Index in the global order where it shows (leaf index), when it concerns one place of the log. */
  index?: number;
  eventId?: string;
  streamId?: string;
  revision?: number;
  position?: string;
  message: string;
}

export interface VerifyReport {
  valid: boolean;
  events: number;
  streams: number;
  /** Heads whose signature and root were checked. */
  headsChecked: number;
  rootHash: string;
  /** Events after the newest signed head, covered by no signature yet. */
  unsignedEvents: number;
  problems: Problem[];
}

interface StreamState {
  next: number;
  /** The recorded hash of the stream's last event (genesis: 32 zero bytes). */
  head: Buffer;
  /** Revisions skipped over: a deletion unless they turn up later (then a reordering). */
  missing?: Map<number, Problem>;
}

const MAX_PROBLEMS = 100;
const GENESIS = Buffer.alloc(HASH_BYTES);

/** What the Merkle side of a verification found: the root over every leaf and the heads it compared. */
export interface RootResult {
  size: number;
  rootHash: string;
  headsChecked: number;
  problems: Problem[];
}

/**
 * The Merkle side of a verification: rebuilds the log from the leaves and compares its root with each signed head
 * as the log reaches the head's size. Signatures are the caller's business. Independent of the hash chains, so it
 * can run beside them (see parallel-verify.ts).
 */
export class RootCheck {
  private readonly log = new MerkleLog();
  private readonly heads: TreeHeadLike[] = [];
  private nextHead = 0;
  private headsChecked = 0;
  private readonly problems: Problem[] = [];

  constructor(heads: readonly TreeHeadLike[] = []) {
    this.addHeads(heads);
  }

  get size(): number {
    return this.log.size;
  }

  addHeads(heads: readonly TreeHeadLike[]): void {
    this.heads.push(...heads);
    this.heads.sort((a, b) => a.treeSize - b.treeSize);
    while ((this.heads[this.nextHead]?.treeSize ?? Infinity) <= this.log.size) this.nextHead += 1;
  }

  /** The next event's leaf; returns its leaf hash. */
  add(eventHash: Uint8Array, position: bigint, recordedAtMs: number): Buffer {
    const leaf = eventLeafHashFromBytes(eventHash, position, recordedAtMs);
    this.log.append(leaf);
    const head = this.heads[this.nextHead];
    if (head !== undefined && head.treeSize === this.log.size) this.checkHead(head);
    return leaf;
  }

  result(): RootResult {
    return {
      size: this.log.size,
      rootHash: toHex(this.log.root()),
      headsChecked: this.headsChecked,
      problems: this.problems,
    };
  }

  private checkHead(head: TreeHeadLike): void {
    this.nextHead += 1;
    this.headsChecked += 1;
    const root = toHex(this.log.root());
    if (root !== head.rootHash && this.problems.length < MAX_PROBLEMS) {
      this.problems.push({
        kind: 'root',
        index: head.treeSize - 1,
        message: `the first ${head.treeSize} events give root ${root}, not the root ${head.rootHash} signed at ${head.timestamp}: an event among them was changed, added, removed or moved`,
      });
    }
    // Several heads of one size cannot exist (the size is their key), but skip any the log has passed.
    while ((this.heads[this.nextHead]?.treeSize ?? Infinity) <= this.log.size) this.nextHead += 1;
  }
}

/** The part of a signed head a root check needs. */
export type TreeHeadLike = Pick<SignedTreeHead, 'treeSize' | 'rootHash' | 'timestamp'>;

export interface LogVerifierOptions {
  /**
   * Where each event's leaf goes instead of this verifier's own root check, which then does not run: the caller
   * checks the roots elsewhere (another thread) and hands the result to `finish`.
   */
  forwardLeaf?: (eventHash: Buffer, position: bigint, recordedAtMs: number) => void;
}

export class LogVerifier {
  private readonly streams = new Map<string, StreamState>();
  private readonly roots: RootCheck | undefined;
  private readonly heads: SignedTreeHead[] = [];
  private readonly publicKeys: readonly string[];
  private count = 0;
  private readonly problems: Problem[] = [];
  private leavesAligned = true;

  /**
   * `heads`: the signed heads to check, any order; `publicKeys`: the PEM keys a head may be signed with (a head
   * must verify under one of them).
   */
  constructor(
    heads: readonly SignedTreeHead[],
    publicKeys: readonly string[],
    private readonly options: LogVerifierOptions = {},
  ) {
    this.publicKeys = publicKeys;
    this.roots = options.forwardLeaf ? undefined : new RootCheck();
    this.addHeads(heads);
  }

  /** More signed heads, for a log read while the ledger keeps signing; each is checked for its signature now. */
  addHeads(heads: readonly SignedTreeHead[]): void {
    for (const head of heads) {
      if (!this.publicKeys.some((key) => verifyTreeHead(head, key))) {
        this.report({
          kind: 'signature',
          message: `the tree head of size ${head.treeSize} signed at ${head.timestamp} has no valid signature`,
        });
      }
      this.heads.push(head);
    }
    this.heads.sort((a, b) => a.treeSize - b.treeSize);
    this.roots?.addHeads(heads);
  }

  get size(): number {
    return this.count;
  }

  /** Whether recorded leaves still line up with the log (false after the first leaf that differs). */
  get aligned(): boolean {
    return this.leavesAligned;
  }

  /**
   * The next event in global order. `recorded` is the leaf the ledger recorded at this index, if known; when it
   * names another event, the caller classifies the difference (see `leafMismatch`) and reports it.
   */
  add(event: VerifiableEvent | HashedEvent, recorded?: RecordedLeaf): 'ok' | 'leaf-mismatch' {
    const index = this.count;
    this.count += 1;
    // Decoded once: the chain check, the stream's next link and the leaf all use the same 32 bytes.
    let recordedHash = Buffer.from(event.hash, 'hex');
    if (recordedHash.length !== HASH_BYTES || event.hash.length !== 2 * HASH_BYTES) {
      this.report({
        kind: 'altered',
        ...where(event, index),
        message: `event ${event.eventId} has no valid hash`,
      });
      recordedHash = Buffer.alloc(HASH_BYTES);
    }
    this.checkChain(event, recordedHash, index);
    const recordedAt = event.createdAt.getTime();
    if (!this.roots) {
      this.options.forwardLeaf?.(recordedHash, event.position, recordedAt);
      return 'ok';
    }
    const leaf = this.roots.add(recordedHash, event.position, recordedAt);
    let outcome: 'ok' | 'leaf-mismatch' = 'ok';
    if (recorded && this.leavesAligned) {
      if (recorded.eventId.toLowerCase() !== event.eventId.toLowerCase()) {
        this.leavesAligned = false;
        outcome = 'leaf-mismatch';
      } else if (!hashesEqual(hashFromHex(recorded.leafHash), leaf)) {
        const moved = recorded.position !== event.position;
        this.report({
          kind: moved ? 'reordered' : 'altered',
          ...where(event, index),
          message: moved
            ? `event ${event.eventId} of ${event.streamId} was recorded at position ${recorded.position}, and is now at ${event.position}`
            : `event ${event.eventId} at position ${event.position} of ${event.streamId}: its hash or recorded time was changed`,
        });
      }
    }
    return outcome;
  }

  /** Records a problem found by the caller (e.g. its classification of a leaf mismatch). */
  report(problem: Problem): void {
    if (this.problems.length < MAX_PROBLEMS) this.problems.push(problem);
  }

  /**
   * The log ended: `recordedSize` is how many leaves the ledger's Merkle log holds, when known; `roots` is the result
   * of the root check that ran elsewhere, when leaves were forwarded.
   */
  finish(recordedSize?: number, roots?: RootResult): VerifyReport {
    const rootResult = roots ?? this.roots?.result();
    if (!rootResult) throw new Error('the leaves were forwarded: finish needs the root check result');
    for (const problem of rootResult.problems) this.report(problem);
    for (const state of this.streams.values())
      for (const problem of state.missing?.values() ?? []) this.report(problem);
    const size = this.count;
    if (recordedSize !== undefined && recordedSize > size && this.leavesAligned) {
      this.report({
        kind: 'deleted',
        index: size,
        message: `the ledger recorded ${recordedSize} events in its Merkle log; the log now holds ${size}`,
      });
    }
    for (const head of this.heads) {
      if (head.treeSize > size) {
        this.report({
          kind: 'deleted',
          index: size,
          message: `a signed head covers ${head.treeSize} events; the log now holds ${size}`,
        });
        break;
      }
    }
    // In log order; at one index, what names an event comes before a root that only says "somewhere up to here".
    const rank = (p: Problem) => (p.index ?? -1) * 2 + (p.kind === 'root' ? 1 : 0);
    const problems = [...this.problems].sort((a, b) => rank(a) - rank(b));
    const lastSigned = this.heads.filter((h) => h.treeSize <= size).at(-1)?.treeSize ?? 0;
    return {
      valid: problems.length === 0,
      events: size,
      streams: this.streams.size,
      headsChecked: rootResult.headsChecked,
      rootHash: rootResult.rootHash,
      unsignedEvents: size - lastSigned,
      problems,
    };
  }

  private checkChain(event: VerifiableEvent | HashedEvent, recordedHash: Buffer, index: number): void {
    let state = this.streams.get(event.streamId);
    if (!state) {
      state = { next: 0, head: GENESIS };
      this.streams.set(event.streamId, state);
    }
    if (event.revision < state.next) {
      const skipped = state.missing?.get(event.revision);
      if (skipped) {
        state.missing!.delete(event.revision);
        this.report({
          ...skipped,
          kind: 'reordered',
          message: `revision ${event.revision} of ${event.streamId} (event ${event.eventId}, position ${event.position}) comes after a later revision`,
        });
      } else {
        this.report({
          kind: 'inserted',
          ...where(event, index),
          message: `event ${event.eventId} claims revision ${event.revision} of ${event.streamId}, which another event holds`,
        });
      }
      return;
    }
    if (event.revision > state.next) {
      state.missing ??= new Map();
      for (
        let revision = state.next;
        revision < event.revision && state.missing.size < MAX_PROBLEMS;
        revision++
      ) {
        state.missing.set(revision, {
          kind: 'deleted',
          ...where(event, index),
          message: `revision ${revision} of ${event.streamId} is missing before revision ${event.revision} (event ${event.eventId}, position ${event.position})`,
        });
      }
    } else if (!this.hashMatches(event, state.head, recordedHash)) {
      this.report({
        kind: 'altered',
        ...where(event, index),
        message: `event ${event.eventId} at position ${event.position}, revision ${event.revision} of ${event.streamId} does not match its hash`,
      });
    }
    // Go on from the recorded hash, so one altered event is reported once, not for the rest of its stream.
    state.next = event.revision + 1;
    state.head = recordedHash;
  }

  private hashMatches(event: VerifiableEvent | HashedEvent, previous: Buffer, recorded: Buffer): boolean {
    try {
      if (!('body' in event))
        return chainHashBytes(previous, Buffer.from(eventHashBody(event), 'utf8')).equals(recorded);
      const { body } = event;
      if (event.scratchBefore && body.byteOffset >= CHAIN_PREFIX_BYTES) {
        const preimage = Buffer.from(
          body.buffer,
          body.byteOffset - CHAIN_PREFIX_BYTES,
          body.byteLength + CHAIN_PREFIX_BYTES,
        );
        return chainHashInPlace(previous, preimage).equals(recorded);
      }
      return chainHashBytes(previous, body).equals(recorded);
    } catch {
      return false;
    }
  }
}

function where(event: VerifiableEvent | HashedEvent, index: number): Omit<Problem, 'kind' | 'message'> {
  return {
    index,
    eventId: event.eventId,
    streamId: event.streamId,
    revision: event.revision,
    position: event.position.toString(),
  };
}
