import { type ChildProcess, spawn } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { once } from 'node:events';
import { mkdtemp, rm } from 'node:fs/promises';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import autocannon from 'autocannon';
import { ensureDevSigningKey, mintToken, Role } from '@ledger/auth';
import { loadConfig } from '@ledger/config';
import { type Admin, SCHEMA_PREFIX } from './db.js';

/** The built API, started as its own process so that it does not share an event loop with autocannon. */
const MAIN = fileURLToPath(new URL('../../../apps/ledger-api/dist/main.js', import.meta.url));
/** The framework anchor: Nest and the same validation, nothing else (framework-anchor.ts). */
const ANCHOR = fileURLToPath(new URL('./framework-anchor.js', import.meta.url));

export const HTTP_CONNECTIONS = 32;
const COMMAND_PATH = '/operations';
const AGENCY = 'police-kh-18';

export interface HttpBenchOptions {
  url: string;
  admin: Admin;
  runId: string;
  warmupSeconds: number;
  seconds: number;
  log: (line: string) => void;
}

export interface HttpBenchResult {
  command: string;
  connections: number;
  seconds: number;
  commands: number;
  commandsPerSecond: number;
  latencyMs: { p50: number; p90: number; p99: number; max: number; mean: number };
  non2xx: number;
  errors: number;
  timeouts: number;
  statusCodes: Record<string, number>;
  /** The API's pool size (DATABASE_POOL_SIZE, the application's default unless set). */
  databasePoolSize: number;
  /** The same requests against the framework anchor, in the same run. */
  frameworkAnchor: { commandsPerSecond: number; latencyMs: { p50: number; p99: number } };
}

interface Load {
  seconds: number;
  commands: number;
  commandsPerSecond: number;
  latencyMs: HttpBenchResult['latencyMs'];
  non2xx: number;
  errors: number;
  timeouts: number;
  statusCodes: Record<string, number>;
}

/** POST /operations: plan a joint operation; one JointOperationPlanned on a fresh stream. */
export function planOperationBody(operationId: string): string {
  return JSON.stringify({
    operationId,
    leadAgencyId: AGENCY,
    title: 'Joint raid on the Jing Chhay online-scam compound',
    target: {
      provinceCode: 'KH-18',
      district: 'Prey Nob',
      commune: 'Ou Oknha Heng',
      premises: ['Jing Chhay Technology buildings, block C'],
    },
    legalAuthority: {
      kind: 'prosecutor-order',
      reference: 'PKS-2024-0142',
      issuedBy: 'prosecutor-kh-18',
      issuedOn: '2024-03-10',
    },
    plannedStart: '2024-03-14',
    occurredAt: '2024-03-12T09:00:00.000Z',
  });
}

async function freePort(): Promise<number> {
  const server = createServer();
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  const address = server.address();
  server.close();
  if (address === null || typeof address === 'string') throw new Error('could not find a free port');
  return address.port;
}

/** Starts a server script (the API, or the anchor) and waits until it answers HTTP. */
async function startServer(
  env: NodeJS.ProcessEnv,
  baseUrl: string,
  script = MAIN,
): Promise<{ child: ChildProcess; output: () => string }> {
  let output = '';
  const child = spawn(process.execPath, [script], { env, stdio: ['ignore', 'pipe', 'pipe'] });
  child.stdout?.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr?.on('data', (chunk: Buffer) => (output += chunk.toString()));
  let exited = false;
  child.once('exit', () => (exited = true));
  const deadline = Date.now() + 30_000;
  for (;;) {
    if (exited) throw new Error(`the API exited during start-up:\n${output.trim()}`);
    try {
      await fetch(baseUrl, { signal: AbortSignal.timeout(1000) });
      return { child, output: () => output };
    } catch {
      if (Date.now() > deadline) {
        child.kill('SIGKILL');
        throw new Error(`the API did not answer within 30 s:\n${output.trim()}`);
      }
      await new Promise((resolve) => setTimeout(resolve, 200));
    }
  }
}

async function stopServer(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = once(child, 'exit');
  child.kill('SIGTERM');
  const timer = setTimeout(() => child.kill('SIGKILL'), 10_000);
  await exited;
  clearTimeout(timer);
}

/**
 * HTTP command throughput: the built API against a fresh schema on the PostgreSQL server,
 * autocannon with 32 connections posting commands that each append one event to a new stream.
 */
export async function runHttpBench(options: HttpBenchOptions): Promise<HttpBenchResult> {
  const schema = `${SCHEMA_PREFIX}${options.runId}_http`;
  const dataDir = await mkdtemp(join(tmpdir(), 'ledger-bench-'));
  const port = await freePort();
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    DATABASE_URL: options.url,
    LEDGER_DB_SCHEMA: schema,
    LEDGER_DATA_DIR: dataDir,
    HOST: '127.0.0.1',
    PORT: String(port),
    LOG_LEVEL: 'warn',
    // One actor from one address sends everything: the request budgets would answer 429, and they are
    // not what is measured.
    RATE_LIMIT_PER_ACTOR: '1000000',
    RATE_LIMIT_PER_ADDRESS: '1000000',
  };
  const config = loadConfig(env);
  if (config.database.kind !== 'server') throw new Error('the HTTP benchmark needs a PostgreSQL server');
  // The API verifies tokens with the key it finds under its data folder; create it first and sign with it.
  const key = await ensureDevSigningKey(config.dataDir);
  const token = await mintToken({
    privateKeyPem: key.privateKeyPem,
    issuer: config.auth.issuer,
    audience: config.auth.audience,
    userId: `bench@${AGENCY}`,
    agencyId: AGENCY,
    role: Role.Coordinator,
    expiresIn: '1h',
  });
  const baseUrl = `http://127.0.0.1:${port}`;
  const headers = { authorization: `Bearer ${token}`, 'content-type': 'application/json' };

  const { child, output } = await startServer(env, baseUrl);
  let load: Load;
  try {
    options.log(`  HTTP POST ${COMMAND_PATH}, ${HTTP_CONNECTIONS} connections running…`);
    load = await drive(baseUrl, headers, options, output);
  } finally {
    await stopServer(child);
    await options.admin.dropBenchSchemas([schema]);
    await rm(dataDir, { recursive: true, force: true });
  }
  const anchorPort = await freePort();
  const anchorUrl = `http://127.0.0.1:${anchorPort}`;
  const anchor = await startServer({ ...process.env, PORT: String(anchorPort) }, anchorUrl, ANCHOR);
  let anchorLoad: Load;
  try {
    options.log(
      `  the framework anchor (Nest and the same validation, nothing else), ${HTTP_CONNECTIONS} connections…`,
    );
    anchorLoad = await drive(anchorUrl, headers, options, anchor.output);
  } finally {
    await stopServer(anchor.child);
  }
  return {
    command: `POST ${COMMAND_PATH}`,
    connections: HTTP_CONNECTIONS,
    ...load,
    databasePoolSize: config.database.poolSize,
    frameworkAnchor: {
      commandsPerSecond: anchorLoad.commandsPerSecond,
      latencyMs: { p50: anchorLoad.latencyMs.p50, p99: anchorLoad.latencyMs.p99 },
    },
  };
}

/** Checks that a command is taken, then posts commands with autocannon for the measured seconds. */
async function drive(
  baseUrl: string,
  headers: Record<string, string>,
  options: HttpBenchOptions,
  output: () => string,
): Promise<Load> {
  const probe = await fetch(`${baseUrl}${COMMAND_PATH}`, {
    method: 'POST',
    headers,
    body: planOperationBody(randomUUID()),
  });
  if (probe.status < 200 || probe.status >= 300) {
    throw new Error(
      `POST ${COMMAND_PATH} answered ${probe.status}, not 2xx: ${(await probe.text()).slice(0, 2000)}\n${output().trim()}`,
    );
  }
  const result = await autocannon({
    url: baseUrl,
    connections: HTTP_CONNECTIONS,
    duration: options.seconds,
    warmup: { connections: HTTP_CONNECTIONS, duration: options.warmupSeconds },
    requests: [
      {
        method: 'POST',
        path: COMMAND_PATH,
        headers,
        setupRequest: (request) => ({ ...request, body: planOperationBody(randomUUID()) }),
      },
    ],
  });
  const statusCodes = Object.fromEntries(
    Object.entries(result.statusCodeStats).map(([code, { count }]) => [code, Number(count)]),
  );
  const commands = result['2xx'];
  // A figure over refused requests would measure the refusal: say what came back instead.
  if (result.non2xx > commands / 100) {
    throw new Error(
      `${result.non2xx} of ${result.non2xx + commands} commands were refused: ${JSON.stringify(statusCodes)}`,
    );
  }
  return {
    seconds: result.duration,
    commands,
    commandsPerSecond: commands / result.duration,
    latencyMs: {
      p50: result.latency.p50,
      p90: result.latency.p90,
      p99: result.latency.p99,
      max: result.latency.max,
      mean: result.latency.mean,
    },
    non2xx: result.non2xx,
    errors: result.errors,
    timeouts: result.timeouts,
    statusCodes,
  };
}
