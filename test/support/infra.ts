/**
 * Finds the real services a test file needs, in order: an environment variable naming one that
 * already runs, a throwaway container when a Docker engine answers, or a one-sentence reason to
 * skip. Kafka has its own resolver (test/support/kafka-broker.ts) built on probeContainerRuntime.
 */
import { randomBytes } from 'node:crypto';
import type { SqlExecutor } from '@ledger/sql';

export interface RunningService {
  url: string;
  /** Stops what this process started; a service from the environment is left running. */
  stop(): Promise<void>;
}

export type Resolved = RunningService | { skip: string };

export function isSkipped<T extends object>(resolved: T | { skip: string }): resolved is { skip: string } {
  return 'skip' in resolved;
}

interface ServiceSpec {
  /** Human name, used in the skip sentence. */
  name: string;
  /** Environment variable holding a URL of an already running instance. */
  env: string;
  /** Starts a container; called only when a container runtime answered. */
  startContainer(): Promise<RunningService>;
}

const RUNTIME_PROBE_MS = 5_000;

async function resolveService(spec: ServiceSpec): Promise<Resolved> {
  const url = process.env[spec.env];
  if (url) return { url, stop: async () => undefined };
  const runtimeProblem = await probeContainerRuntime();
  if (runtimeProblem) {
    return { skip: `${spec.name} tests skipped: ${spec.env} is not set and ${runtimeProblem}.` };
  }
  return spec.startContainer();
}

/** Undefined when a container runtime answers, else why not. */
export async function probeContainerRuntime(): Promise<string | undefined> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const timeout = new Promise<string>((resolve) => {
    timer = setTimeout(
      () => resolve(`no container runtime answered within ${RUNTIME_PROBE_MS} ms`),
      RUNTIME_PROBE_MS,
    );
  });
  const probe = import('testcontainers')
    .then(({ getContainerRuntimeClient }) => getContainerRuntimeClient())
    .then(
      () => undefined,
      (err: unknown) =>
        `no container runtime is available (${err instanceof Error ? err.message : String(err)})`,
    );
  try {
    return await Promise.race([probe, timeout]);
  } finally {
    clearTimeout(timer);
  }
}

/** PostgreSQL: DATABASE_URL, else a postgres:17 container, else a reason to skip. */
export function resolvePostgres(): Promise<Resolved> {
  return resolveService({
    name: 'PostgreSQL',
    env: 'DATABASE_URL',
    async startContainer() {
      const { GenericContainer, Wait } = await import('testcontainers');
      const container = await new GenericContainer('postgres:17-alpine')
        .withEnvironment({ POSTGRES_HOST_AUTH_METHOD: 'trust', POSTGRES_DB: 'test' })
        .withCommand(['postgres', '-c', 'max_connections=200'])
        .withExposedPorts(5432)
        // The entrypoint restarts the server once after initdb; the second message is the real one.
        .withWaitStrategy(Wait.forLogMessage(/database system is ready to accept connections/, 2))
        .start();
      return {
        url: `postgres://postgres@${container.getHost()}:${container.getMappedPort(5432)}/test`,
        stop: async () => {
          await container.stop();
        },
      };
    },
  });
}

/** KurrentDB 25.1 (the KURRENTDB_* settings below need 25.0 or later); KURRENTDB_IMAGE overrides it. */
const KURRENTDB_IMAGE = process.env.KURRENTDB_IMAGE ?? 'docker.kurrent.io/kurrent-latest/kurrentdb:25.1';

/**
 * KurrentDB: KURRENTDB_URL (a connection string), else a single insecure in-memory node in a
 * container, else a reason to skip. A plain GenericContainer: @testcontainers/kurrentdb needs
 * testcontainers ^12.1 and the project is on 12.0.
 */
export function resolveKurrentDb(): Promise<Resolved> {
  return resolveService({
    name: 'KurrentDB',
    env: 'KURRENTDB_URL',
    async startContainer() {
      const { GenericContainer, Wait } = await import('testcontainers');
      const container = await new GenericContainer(KURRENTDB_IMAGE)
        .withEnvironment({
          KURRENTDB_CLUSTER_SIZE: '1',
          KURRENTDB_INSECURE: 'true',
          KURRENTDB_MEM_DB: 'true',
          KURRENTDB_RUN_PROJECTIONS: 'None',
        })
        .withExposedPorts(2113)
        .withStartupTimeout(120_000)
        .withWaitStrategy(Wait.forHealthCheck())
        .start();
      return {
        url: `kurrentdb://${container.getHost()}:${container.getMappedPort(2113)}?tls=false`,
        stop: async () => {
          await container.stop();
        },
      };
    },
  });
}

/** A schema name nobody else uses, so test files can share one database. */
export function uniqueSchemaName(prefix = 'conf'): string {
  return `${prefix}_${randomBytes(6).toString('hex')}`;
}

/** Reserves a fresh schema name; `drop()` removes the schema and everything in it. */
export function isolatedSchema(sql: SqlExecutor, prefix = 'conf'): { name: string; drop(): Promise<void> } {
  const name = uniqueSchemaName(prefix);
  return {
    name,
    drop: async () => {
      await sql.query(`DROP SCHEMA IF EXISTS "${name}" CASCADE`);
    },
  };
}
