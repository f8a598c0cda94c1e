/**
 * Kafka for the tests, in the spirit of infra.ts:
 *
 * - resolveKafka(): the brokers a test file publishes to: KAFKA_BROKERS (comma-separated
 *   host:port, e.g. from `deploy/local/kafka.sh start`), else a throwaway Kafka 4 container
 *   when a Docker engine answers, else a one-sentence reason to skip.
 * - startPrivateBroker(): a broker of the test's own, from deploy/local/kafka.sh on free ports and
 *   a temporary data dir, that the test may stop and start again (a broker outage); data
 *   survives. Needs java, and mvn the first time (the jars are cached); else a reason to skip.
 */
import { execFile } from 'node:child_process';
import { readFileSync, rmSync } from 'node:fs';
import { mkdtemp } from 'node:fs/promises';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { probeContainerRuntime } from './infra.js';

export interface RunningKafka {
  /** host:port pairs to bootstrap from. */
  brokers: string[];
  /** Stops what this process started; brokers from the environment are left running. */
  stop(): Promise<void>;
}

export type ResolvedKafka = RunningKafka | { skip: string };

/** Confluent Platform 8.1 is Apache Kafka 4.1; @testcontainers/kafka only runs cp-kafka images. */
const KAFKA_IMAGE = 'confluentinc/cp-kafka:8.1.0';

/** KAFKA_BROKERS, else a Kafka container, else a reason to skip. */
export async function resolveKafka(): Promise<ResolvedKafka> {
  const list = process.env.KAFKA_BROKERS;
  if (list) {
    const brokers = list
      .split(',')
      .map((broker) => broker.trim())
      .filter((broker) => broker !== '');
    return { brokers, stop: async () => undefined };
  }
  const runtimeProblem = await probeContainerRuntime();
  if (runtimeProblem) {
    return {
      skip:
        `Kafka tests skipped: KAFKA_BROKERS is not set (deploy/local/kafka.sh start prints one) ` +
        `and ${runtimeProblem}.`,
    };
  }
  const { KafkaContainer } = await import('@testcontainers/kafka');
  const container = await new KafkaContainer(KAFKA_IMAGE)
    .withKraft()
    // The same settings as deploy/local/kafka/server.properties: one broker, topics made by the relay.
    .withEnvironment({
      KAFKA_TRANSACTION_STATE_LOG_REPLICATION_FACTOR: '1',
      KAFKA_DEFAULT_REPLICATION_FACTOR: '1',
      KAFKA_NUM_PARTITIONS: '1',
      KAFKA_AUTO_CREATE_TOPICS_ENABLE: 'false',
      KAFKA_LOG_RETENTION_HOURS: '-1',
    })
    .start();
  return {
    brokers: [`${container.getHost()}:${container.getMappedPort(9093)}`],
    stop: async () => {
      await container.stop();
    },
  };
}

export interface PrivateBroker {
  /** host:port pairs to bootstrap from; the same after a restart. */
  readonly brokers: string[];
  /** Where the broker keeps its data, configuration and log (kafka.log). */
  readonly dir: string;
  /** Stops the broker (SIGTERM, waits for it to exit); its data stays. */
  stop(): Promise<void>;
  /** Starts the broker again on the same ports and data; resolves once it serves. */
  start(): Promise<void>;
  /** Stops the broker and deletes its data. */
  close(): Promise<void>;
}

const script = fileURLToPath(new URL('../../deploy/local/kafka.sh', import.meta.url));
const JARS_TIMEOUT_MS = 600_000;
const START_TIMEOUT_MS = 120_000;

/** Runs kafka.sh; resolves with its stdout, rejects with its stderr. */
function kafkaSh(args: string[], timeout: number): Promise<string> {
  return new Promise((resolve, reject) => {
    // KAFKA_INSTALL=0: a test never installs Debian packages; without java or mvn it skips.
    const env = { ...process.env, KAFKA_INSTALL: '0' };
    execFile(
      'bash',
      [script, ...args],
      { env, timeout, maxBuffer: 16 * 1024 * 1024 },
      (err, stdout, stderr) => {
        if (err) {
          const detail = stderr.trim() || err.message;
          reject(new Error(`deploy/local/kafka.sh ${args.join(' ')} failed: ${detail}`));
        } else {
          resolve(stdout.trim());
        }
      },
    );
  });
}

function javaProblem(): Promise<string | undefined> {
  return new Promise((resolve) => {
    execFile('java', ['-version'], { timeout: 30_000 }, (err) => {
      resolve(err ? `java is not available (${err.message})` : undefined);
    });
  });
}

/** A TCP port nothing listens on right now. */
function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      server.close(() => (port ? resolve(port) : reject(new Error('no free port'))));
    });
  });
}

/**
 * Starts a broker only this test uses, or says why it cannot (no java, or the Kafka jars are
 * neither cached nor downloadable). The first call may download the jars with Maven.
 */
export async function startPrivateBroker(): Promise<PrivateBroker | { skip: string }> {
  const noJava = await javaProblem();
  if (noJava) return { skip: `Kafka broker tests skipped: ${noJava}.` };
  try {
    await kafkaSh(['jars'], JARS_TIMEOUT_MS);
  } catch (err) {
    const lastLine = (err instanceof Error ? err.message : String(err)).split('\n').pop();
    return { skip: `Kafka broker tests skipped: the Kafka jars are not available (${lastLine}).` };
  }

  const port = await freePort();
  let controllerPort = await freePort();
  while (controllerPort === port) controllerPort = await freePort();
  const dir = await mkdtemp(join(tmpdir(), 'coordination-ledger-kafka-test-'));
  const args = ['--port', String(port), '--controller-port', String(controllerPort), '--dir', dir];

  // Should the test process end without close(), the broker must not outlive it.
  const killOnExit = (): void => {
    try {
      process.kill(Number(readFileSync(join(dir, 'kafka.pid'), 'utf8').trim()), 'SIGKILL');
    } catch {
      // Not running.
    }
  };
  process.once('exit', killOnExit);

  const start = async (): Promise<void> => {
    await kafkaSh(['start', ...args], START_TIMEOUT_MS);
  };
  const stop = async (): Promise<void> => {
    await kafkaSh(['stop', ...args], START_TIMEOUT_MS);
  };
  try {
    await start();
  } catch (err) {
    process.removeListener('exit', killOnExit);
    await stop().catch(() => undefined);
    rmSync(dir, { recursive: true, force: true });
    throw err;
  }
  let closed: Promise<void> | undefined;
  return {
    brokers: [`127.0.0.1:${port}`],
    dir,
    start,
    stop,
    close() {
      closed ??= stop().finally(() => {
        process.removeListener('exit', killOnExit);
        rmSync(dir, { recursive: true, force: true });
      });
      return closed;
    },
  };
}
