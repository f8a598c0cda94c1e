/**
 * The auditor's tool as an auditor runs it: a process of its own, on a ledger's embedded database folder (the ledger
 * is stopped), answering with an exit status and, with --json, a report on stdout.
 */
import { execFile } from 'node:child_process';
import { generateKeyPairSync } from 'node:crypto';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { RecordedEvent } from '@ledger/event-store';
import { createPgliteClient } from '@ledger/sql';
import { auditedSeptember2022 } from './support.js';

const hooks = fileURLToPath(new URL('../support/ts-hooks.ts', import.meta.url));
const main = fileURLToPath(new URL('../../apps/auditor/src/main.ts', import.meta.url));

interface Run {
  code: number;
  stdout: string;
  stderr: string;
}

describe('auditor CLI', () => {
  let dataDir: string;
  let log: RecordedEvent[];
  let keyFile: string;
  let headFile: string;

  const auditor = (...args: string[]): Promise<Run> =>
    new Promise((resolve) => {
      execFile(
        process.execPath,
        ['--conditions=ledger-source', '--import', hooks, main, ...args],
        { env: { ...process.env, DATABASE_URL: '', LEDGER_DATA_DIR: dataDir, EVENT_STORE: 'postgres' } },
        (error, stdout, stderr) => resolve({ code: error ? Number(error.code ?? 1) : 0, stdout, stderr }),
      );
    });

  beforeAll(async () => {
    dataDir = await mkdtemp(join(tmpdir(), 'ledger-auditor-'));
    const sql = await createPgliteClient({ dataDir: join(dataDir, 'pglite') });
    try {
      const { store, publicKeyPem, lastHead: head } = await auditedSeptember2022(sql, 'ledger', 8);
      keyFile = join(dataDir, 'ledger-key.pem');
      await writeFile(keyFile, publicKeyPem);
      headFile = join(dataDir, 'trusted-head.json');
      await writeFile(headFile, JSON.stringify(head));
      log = await store.readAll();
      await store.close();
    } finally {
      await sql.close();
    }
  }, 120_000);

  afterAll(() => rm(dataDir, { recursive: true, force: true }));

  it('prints its help and exits 0', async () => {
    const run = await auditor('--help');
    expect(run.code).toBe(0);
    for (const command of ['verify', 'prove', 'consistency', 'replay', 'export'])
      expect(run.stdout).toContain(command);
  });

  it('verifies the ledger with the auditor’s own key and reports it as JSON', async () => {
    const run = await auditor('verify', '--json', '--public-key', keyFile);
    expect(run.code).toBe(0);
    const report = JSON.parse(run.stdout) as {
      valid: boolean;
      events: number;
      keys: string;
      unsignedEvents: number;
    };
    expect(report).toMatchObject({ valid: true, events: log.length, keys: 'trusted', unsignedEvents: 0 });
  }, 60_000);

  it('refuses the heads under a key the ledger never used, with exit status 1', async () => {
    const other = join(dataDir, 'other-key.pem');
    await writeFile(
      other,
      generateKeyPairSync('ed25519').publicKey.export({ type: 'spki', format: 'pem' }).toString(),
    );
    const run = await auditor('verify', '--public-key', other);
    expect(run.code).toBe(1);
    expect(run.stdout).toMatch(/FAILED: SIGNATURE/);
  }, 60_000);

  it('proves an event against the trusted head, and exports a file that verifies offline', async () => {
    const proved = await auditor('prove', log[3]!.eventId, '--head', headFile, '--json');
    expect(proved.code).toBe(0);
    expect(JSON.parse(proved.stdout)).toMatchObject({ valid: true });

    const file = join(dataDir, 'ledger.jsonl');
    expect((await auditor('export', '--out', file)).code).toBe(0);
    expect((await readFile(file, 'utf8')).trim().split('\n')).toHaveLength(log.length + 1);
    const offline = await auditor('verify', '--file', file, '--public-key', keyFile);
    expect(offline.code).toBe(0);
    expect(offline.stdout).toMatch(/^OK/m);
  }, 90_000);

  it('finds two event lines swapped in an export, through the root check on its second thread', async () => {
    const file = join(dataDir, 'swapped.jsonl');
    expect((await auditor('export', '--out', file)).code).toBe(0);
    const lines = (await readFile(file, 'utf8')).split('\n');
    // Events of two different streams: each chain still holds, only the Merkle roots can tell.
    const a = log.findIndex((e) => e.streamId !== log[1]!.streamId && e.revision > 0);
    const [first, second] = [lines[2]!, lines[a + 1]!];
    lines[2] = second;
    lines[a + 1] = first;
    await writeFile(file, lines.join('\n'));
    const run = await auditor('verify', '--file', file, '--json', '--public-key', keyFile);
    expect(run.code).toBe(1);
    const report = JSON.parse(run.stdout) as { problems: { kind: string }[] };
    expect(report.problems.map((p) => p.kind)).toContain('root');
  }, 60_000);

  it('answers a usage error with exit status 2 and one line', async () => {
    const run = await auditor('prove');
    expect(run.code).toBe(2);
    expect(run.stderr.trim()).toBe('auditor: prove needs an event id');
  }, 60_000);
});
