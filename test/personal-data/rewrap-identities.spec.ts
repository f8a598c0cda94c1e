/**
 * The end of a master-key rotation as an operator runs it: the new key configured first, the old one after it,
 * `npm run rewrap-identities` on the stopped ledger's embedded database, then the old key can go.
 */
import { execFile } from 'node:child_process';
import { randomBytes, randomUUID } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { parseMasterKeys } from '@ledger/config';
import { IdentityVault, localMasterKeys } from '@ledger/personal-data';
import { createPgliteClient } from '@ledger/sql';

const hooks = fileURLToPath(new URL('../support/ts-hooks.ts', import.meta.url));
const main = fileURLToPath(new URL('../../apps/ledger-api/src/cli/rewrap-identities.ts', import.meta.url));
const OLD = `old:${randomBytes(32).toString('base64')}`;
const NEW = `new:${randomBytes(32).toString('base64')}`;
const identity = { name: 'Sok Dara', dateOfBirth: '2007-05-01' };

describe('rewrap-identities', () => {
  let dataDir: string;
  const personId = randomUUID();

  const rewrap = (...args: string[]): Promise<{ code: number; stdout: string; stderr: string }> =>
    new Promise((resolve) => {
      execFile(
        process.execPath,
        ['--conditions=ledger-source', '--import', hooks, main, ...args],
        {
          env: {
            ...process.env,
            DATABASE_URL: '',
            LEDGER_DATA_DIR: dataDir,
            PERSONAL_DATA_MASTER_KEY: `${NEW},${OLD}`,
          },
        },
        (error, stdout, stderr) => resolve({ code: error ? Number(error.code ?? 1) : 0, stdout, stderr }),
      );
    });

  /** The vault on the ledger's embedded database, with only these master keys. */
  const withVault = async <T>(keys: string, work: (vault: IdentityVault) => Promise<T>): Promise<T> => {
    const sql = await createPgliteClient({ dataDir: join(dataDir, 'pglite') });
    try {
      const vault = await IdentityVault.open({
        sql,
        schema: 'ledger',
        keys: localMasterKeys(parseMasterKeys(keys, 'PERSONAL_DATA_MASTER_KEY')),
      });
      return await work(vault);
    } finally {
      await sql.close();
    }
  };

  beforeAll(async () => {
    dataDir = await mkdtemp(join(tmpdir(), 'ledger-rewrap-'));
    await withVault(OLD, (vault) => vault.store(personId, identity));
  }, 60_000);

  afterAll(() => rm(dataDir, { recursive: true, force: true }));

  it('prints its help and exits 0', async () => {
    const run = await rewrap('--help');
    expect(run.code).toBe(0);
    expect(run.stdout).toContain('usage: npm run rewrap-identities');
  }, 60_000);

  it('refuses, touching nothing, while another process has the embedded database open', async () => {
    const run = await withVault(OLD, () => rewrap());
    expect(run.code).toBe(1);
    expect(run.stderr).toContain(`is open in process ${process.pid}`);
    expect(await withVault(OLD, (vault) => vault.read(personId))).toMatchObject({
      status: 'present',
      identity,
    });
  }, 60_000);

  it('rewraps every data key under the new master key, so that the old one can be removed', async () => {
    const run = await rewrap();
    expect(run).toMatchObject({ code: 0, stdout: '1 data keys rewrapped under master key new\n' });

    const read = await withVault(NEW, (vault) => vault.read(personId));
    expect(read).toMatchObject({ status: 'present', identity });
    // Nothing is left for a second run.
    expect((await rewrap()).stdout).toBe('0 data keys rewrapped under master key new\n');
  }, 60_000);
});
