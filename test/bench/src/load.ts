import { randomUUID } from 'node:crypto';
import { performance } from 'node:perf_hooks';
import { type BenchEvent, raidEvents } from './payload.js';

/** Where one writer is in the stream it is appending to. */
export interface StreamCursor {
  streamId: string;
  /** The operation id inside the stream id (`operation-<id>`). */
  operationId: string;
  /** Events already in the stream: the next append's expected state. */
  eventsInStream: number;
}

/** One line of the benchmark: a way of appending the same events to PostgreSQL. */
export interface AppendTarget {
  readonly name: string;
  /** Appends `events` at the end of the cursor's stream, expecting exactly `cursor.eventsInStream` before. */
  append(cursor: StreamCursor, events: BenchEvent[]): Promise<void>;
  close(): Promise<void>;
}

export interface LoadOptions {
  writers: number;
  eventsPerAppend: number;
  /** Appends per stream before a writer moves on to a fresh stream. */
  appendsPerStream: number;
  warmupMs: number;
  measureMs: number;
}

export interface LoadResult {
  appends: number;
  events: number;
  seconds: number;
  appendsPerSecond: number;
  eventsPerSecond: number;
  latencyMs: { p50: number; p90: number; p99: number; max: number; mean: number };
}

function newCursor(): StreamCursor {
  const operationId = randomUUID();
  return { streamId: `operation-${operationId}`, operationId, eventsInStream: 0 };
}

/** The q-quantile (nearest rank) of ascending `sorted`. */
export function quantile(sorted: Float64Array, q: number): number {
  if (sorted.length === 0) return Number.NaN;
  const rank = Math.min(sorted.length - 1, Math.max(0, Math.ceil(q * sorted.length) - 1));
  return sorted[rank] ?? Number.NaN;
}

/** One measured window of one line. */
export interface Sample {
  /** Latency of every append that completed inside the window, in ms. */
  latencies: number[];
  seconds: number;
}

/**
 * `writers` concurrent loops, each appending to its own streams with the right expected state,
 * so there are never conflicts. A warm-up (connections, plans, JIT) is followed by the measured
 * window: appends completing inside it are counted and their latencies kept.
 */
export async function runLoad(target: AppendTarget, options: LoadOptions): Promise<Sample> {
  const latencies: number[] = [];
  let measuring = false;
  let stopping = false;
  let failure: unknown;

  const writer = async (): Promise<void> => {
    let cursor = newCursor();
    let appendsToStream = 0;
    while (!stopping) {
      const events = raidEvents(cursor.operationId, options.eventsPerAppend);
      const started = performance.now();
      try {
        await target.append(cursor, events);
      } catch (error) {
        failure ??= error;
        stopping = true;
        return;
      }
      const elapsed = performance.now() - started;
      if (measuring && !stopping) latencies.push(elapsed);
      cursor.eventsInStream += events.length;
      if (++appendsToStream >= options.appendsPerStream) {
        cursor = newCursor();
        appendsToStream = 0;
      }
    }
  };

  const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));
  const loops = Promise.all(Array.from({ length: options.writers }, writer));
  await Promise.race([sleep(options.warmupMs), loops]);
  measuring = true;
  const start = performance.now();
  await Promise.race([sleep(options.measureMs), loops]);
  stopping = true;
  const seconds = (performance.now() - start) / 1000;
  await loops;
  if (failure !== undefined) throw failure;
  return { latencies, seconds };
}

/** Throughput and latency over every measured window of one line. */
export function summarize(samples: readonly Sample[], eventsPerAppend: number): LoadResult {
  const all = samples.flatMap((s) => s.latencies);
  const seconds = samples.reduce((sum, s) => sum + s.seconds, 0);
  const sorted = Float64Array.from(all).sort();
  const appends = sorted.length;
  return {
    appends,
    events: appends * eventsPerAppend,
    seconds,
    appendsPerSecond: appends / seconds,
    eventsPerSecond: (appends * eventsPerAppend) / seconds,
    latencyMs: {
      p50: quantile(sorted, 0.5),
      p90: quantile(sorted, 0.9),
      p99: quantile(sorted, 0.99),
      max: appends ? (sorted[appends - 1] ?? Number.NaN) : Number.NaN,
      mean: appends ? all.reduce((sum, ms) => sum + ms, 0) / appends : Number.NaN,
    },
  };
}
