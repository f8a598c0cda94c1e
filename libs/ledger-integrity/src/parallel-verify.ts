/**
 * The Merkle side of a verification on a second thread. Verifying a log is two independent jobs: the hash chains
 * (parse, canonical bytes, one hash per event) and the Merkle log (a leaf hash per event, a node hash on average,
 * a root at every head). A `LogVerifier` with `forwardLeaf: check.forward` does the first; this hands each leaf's
 * inputs (event hash, position, time: 48 bytes) in batches to a worker that runs a `RootCheck`, so both jobs use a
 * core each.
 */
import { Worker } from 'node:worker_threads';
import type { RootResult, TreeHeadLike } from './log-verifier.js';

export const LEAF_INPUT_BYTES = 48;
const BATCH = 4096;
/** Batches in flight before the producer waits: bounds memory when the worker falls behind. */
const MAX_IN_FLIGHT = 8;

export type RootCheckMessage =
  | { type: 'leaves'; buffer: ArrayBuffer; count: number }
  | { type: 'heads'; heads: TreeHeadLike[] }
  | { type: 'finish' };

type WorkerReply = { type: 'ack' } | { type: 'result'; result: RootResult };

export class ParallelRootCheck {
  private readonly worker: Worker;
  private batch = Buffer.allocUnsafeSlow(BATCH * LEAF_INPUT_BYTES);
  private count = 0;
  private inFlight = 0;
  private failure: Error | undefined;
  private wake: (() => void) | undefined;
  private result: ((result: RootResult) => void) | undefined;

  constructor(heads: readonly TreeHeadLike[]) {
    this.worker = new Worker(new URL('./root-check.worker.js', import.meta.url), {
      workerData: { heads: heads.map(headFields) },
    });
    this.worker.on('message', (reply: WorkerReply) => {
      if (reply.type === 'ack') {
        this.inFlight -= 1;
        this.wake?.();
      } else {
        this.result?.(reply.result);
      }
    });
    this.worker.on('error', (err) => {
      this.failure = err;
      this.wake?.();
    });
  }

  /** `LogVerifierOptions.forwardLeaf`. */
  readonly forward = (eventHash: Buffer, position: bigint, recordedAtMs: number): void => {
    const offset = this.count * LEAF_INPUT_BYTES;
    eventHash.copy(this.batch, offset);
    this.batch.writeBigUInt64BE(position, offset + 32);
    this.batch.writeBigInt64BE(BigInt(recordedAtMs), offset + 40);
    this.count += 1;
    if (this.count === BATCH) this.flush();
  };

  /** Heads signed after the check started; they must come before the leaves that reach their size. */
  addHeads(heads: readonly TreeHeadLike[]): void {
    this.flush();
    this.worker.postMessage({ type: 'heads', heads: heads.map(headFields) } satisfies RootCheckMessage);
  }

  /** Whether the worker has enough batches queued that the producer should `drain` before going on. */
  get busy(): boolean {
    return this.inFlight >= MAX_IN_FLIGHT;
  }

  async drain(limit = MAX_IN_FLIGHT - 1): Promise<void> {
    while (this.inFlight > limit) {
      if (this.failure) throw this.failure;
      await new Promise<void>((resolve) => (this.wake = resolve));
    }
    if (this.failure) throw this.failure;
  }

  /** Sends what is left, waits for the worker's result and ends it. */
  async finish(): Promise<RootResult> {
    this.flush();
    await this.drain(0);
    const result = new Promise<RootResult>((resolve) => (this.result = resolve));
    this.worker.postMessage({ type: 'finish' } satisfies RootCheckMessage);
    try {
      return await Promise.race([
        result,
        new Promise<never>((_, reject) => this.worker.once('error', reject)),
      ]);
    } finally {
      await this.worker.terminate();
    }
  }

  /** Ends the worker without a result (the verification was abandoned). */
  async abandon(): Promise<void> {
    await this.worker.terminate();
  }

  private flush(): void {
    if (this.count === 0) return;
    const { buffer } = this.batch;
    this.worker.postMessage({ type: 'leaves', buffer, count: this.count } satisfies RootCheckMessage, [
      buffer,
    ]);
    this.inFlight += 1;
    this.batch = Buffer.allocUnsafeSlow(BATCH * LEAF_INPUT_BYTES);
    this.count = 0;
  }
}

const headFields = ({ treeSize, rootHash, timestamp }: TreeHeadLike): TreeHeadLike => ({
  treeSize,
  rootHash,
  timestamp,
});
