/**
 * ledger-api as a real process gets SIGTERM in the middle of a burst of commands. It must stop
 * taking work, finish what is in flight, and exit cleanly; every command it acknowledged must be
 * in the store, and no request may end in a 5xx.
 */
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from '@jest/globals';
import { ensureDevSigningKey, mintToken, Role } from '@ledger/auth';
import { createPostgresEventStore } from '@ledger/event-store';
import { createPgClient } from '@ledger/sql';
import { isSkipped, resolvePostgres, uniqueSchemaName } from '../support/infra.js';
import { planBody } from '../support/scenario.js';
import { visibleLog } from '../support/ledger-records.js';
import { until } from '../support/wait.js';

const CONNECTIONS = 32;
const main = fileURLToPath(new URL('../../apps/ledger-api/src/main.ts', import.meta.url));
const hooks = fileURLToPath(new URL('../support/ts-hooks.ts', import.meta.url));
const postgres = await resolvePostgres();

if (isSkipped(postgres)) {
  console.log(postgres.skip);
  describe.skip(`graceful shutdown (${postgres.skip})`, () => {
    it('needs a PostgreSQL server', () => undefined);
  });
} else {
  const { url } = postgres;
  afterAll(() => postgres.stop());

  describe('ledger-api on SIGTERM during a burst of commands', () => {
    it('finishes what is in flight, exits cleanly, and every acknowledged command is in the store', async () => {
      const schema = uniqueSchemaName('shutdown');
      const dataDir = await mkdtemp(join(tmpdir(), 'ledger-shutdown-'));
      const key = await ensureDevSigningKey(dataDir);
      const child = spawn(process.execPath, ['--conditions=ledger-source', '--import', hooks, main], {
        env: {
          ...process.env,
          DATABASE_URL: url,
          LEDGER_DB_SCHEMA: schema,
          LEDGER_DATA_DIR: dataDir,
          PORT: '0',
          LOG_LEVEL: 'log',
          NO_COLOR: '1',
          // The burst is the point here, not the request budgets.
          RATE_LIMIT_PER_ACTOR: '1000000',
          RATE_LIMIT_PER_ADDRESS: '1000000',
        },
        stdio: ['ignore', 'pipe', 'pipe'],
      });
      const output: string[] = [];
      const exited = once(child, 'exit') as Promise<[number | null, NodeJS.Signals | null]>;
      for (const stream of [child.stdout, child.stderr]) {
        if (stream) createInterface({ input: stream }).on('line', (line) => output.push(line));
      }
      const sql = createPgClient({ connectionString: url, max: 2 });
      try {
        const address = await new Promise<string>((resolve, reject) => {
          const timer = setInterval(() => {
            const line = output.find((l) => l.includes('listening on '));
            if (line) {
              clearInterval(timer);
              resolve(/listening on (http:\/\/\S+)/.exec(line)?.[1] ?? '');
            }
          }, 20);
          void exited.then(() => reject(new Error(`ledger-api exited early:\n${output.join('\n')}`)));
        });
        const base = address.replace('[::1]', '127.0.0.1');
        const token = await mintToken({
          privateKeyPem: key.privateKeyPem,
          issuer: 'coordination-ledger',
          audience: 'coordination-ledger',
          userId: 'coordinator@admin-kh-18',
          agencyId: 'admin-kh-18',
          role: Role.Coordinator,
        });

        const acknowledged: { streamId: string; eventIds: string[] }[] = [];
        const statuses = new Map<number, number>();
        let refused = 0;
        let sent = 0;
        let answered = 0;
        let stopSending = false;
        const loops = Array.from({ length: CONNECTIONS }, async () => {
          while (!stopSending) {
            const operationId = `shutdown-${process.pid}-${sent++}`;
            try {
              const response = await fetch(`${base}/operations`, {
                method: 'POST',
                headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
                body: JSON.stringify(planBody(operationId)),
              });
              statuses.set(response.status, (statuses.get(response.status) ?? 0) + 1);
              answered += 1;
              const body = (await response.json()) as { streamId: string; eventIds: string[] };
              if (response.status === 201) acknowledged.push(body);
            } catch {
              // The server stopped taking connections: that is the point.
              refused += 1;
              await new Promise((resolve) => setTimeout(resolve, 5));
            }
          }
        });
        // The burst is under way once a good number of commands went through, however slow the machine.
        await until('commands go through', async () => acknowledged.length >= 40, 30_000);
        const before = acknowledged.length;
        const inFlight = sent - answered - refused;
        child.kill('SIGTERM');
        const [code, signal] = await Promise.race([
          exited,
          new Promise<never>((_, reject) =>
            setTimeout(() => reject(new Error(`no exit within 20 s:\n${output.join('\n')}`)), 20_000),
          ),
        ]);
        stopSending = true;
        await Promise.all(loops);
        console.log(
          `graceful shutdown: ${acknowledged.length} commands acknowledged (${before} before SIGTERM, ${inFlight} in flight), ` +
            `statuses ${JSON.stringify(Object.fromEntries(statuses))}, ${refused} refused connections`,
        );
        if (code !== 0) console.log(`ledger-api exited with ${code}:\n${output.slice(-60).join('\n')}`);
        expect({ code, signal }).toEqual({ code: 0, signal: null });
        // SIGTERM came with requests in flight: what the test is about.
        expect(inFlight).toBeGreaterThan(0);
        expect([...statuses.keys()].filter((status) => status >= 500)).toEqual([]);

        const store = await createPostgresEventStore(sql, { schema });
        const acknowledgedIds = acknowledged.flatMap((a) => a.eventIds);
        const log = await visibleLog(store, (events) => {
          const ids = new Set(events.map((event) => event.eventId));
          return acknowledgedIds.every((id) => ids.has(id));
        });
        const stored = new Set(log.map((event) => event.eventId));
        const missing = acknowledged.filter((a) => a.eventIds.some((id) => !stored.has(id)));
        expect(missing).toEqual([]);
        await store.close();
      } finally {
        if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
        await sql.query(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`);
        await sql.close();
        await rm(dataDir, { recursive: true, force: true });
      }
    }, 60_000);
  });
}
