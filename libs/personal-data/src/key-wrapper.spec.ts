import { randomBytes } from 'node:crypto';
import { mkdtemp, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { ConfigError, loadConfig } from '@ledger/config';
import { KeyUnwrapError, loadMasterKeys, localMasterKeys } from './index.js';

const masterKey = (keyId: string) => ({ keyId, key: new Uint8Array(randomBytes(32)) });

describe('localMasterKeys', () => {
  const dataKey = new Uint8Array(randomBytes(32));

  it('unwraps what it wrapped, for the same context only', async () => {
    const keys = localMasterKeys([masterKey('k1')]);
    const wrapped = await keys.wrap(dataKey, 'p-001');
    expect(Buffer.from(wrapped).includes(Buffer.from(dataKey))).toBe(false);
    expect(Buffer.from(await keys.unwrap(wrapped, 'k1', 'p-001'))).toEqual(Buffer.from(dataKey));
    await expect(keys.unwrap(wrapped, 'k1', 'p-002')).rejects.toThrow(KeyUnwrapError);
  });

  it('refuses a wrapped key that was altered, or named by a key id it does not hold', async () => {
    const keys = localMasterKeys([masterKey('k1')]);
    const wrapped = Buffer.from(await keys.wrap(dataKey, 'p-001'));
    for (let at = 0; at < wrapped.length; at += 7) {
      const altered = Buffer.from(wrapped);
      altered[at] = altered[at]! ^ 0x01;
      await expect(keys.unwrap(altered, 'k1', 'p-001')).rejects.toThrow(KeyUnwrapError);
    }
    await expect(keys.unwrap(wrapped.subarray(0, 40), 'k1', 'p-001')).rejects.toThrow(KeyUnwrapError);
    await expect(keys.unwrap(wrapped, 'k0', 'p-001')).rejects.toThrow('master key k0 is not configured');
  });

  it('wraps with the first key and unwraps with any of them, for rotation', async () => {
    const old = masterKey('2024');
    const wrappedByOld = await localMasterKeys([old]).wrap(dataKey, 'p-001');
    const rotated = localMasterKeys([masterKey('2025'), old]);
    expect(rotated.keyId).toBe('2025');
    expect(Buffer.from(await rotated.unwrap(wrappedByOld, '2024', 'p-001'))).toEqual(Buffer.from(dataKey));
    const wrappedByNew = await rotated.wrap(dataKey, 'p-001');
    await expect(localMasterKeys([old]).unwrap(wrappedByNew, '2025', 'p-001')).rejects.toThrow(
      KeyUnwrapError,
    );
  });

  it('refuses no keys, a key of the wrong size and a key id given twice', () => {
    expect(() => localMasterKeys([])).toThrow('at least one');
    expect(() => localMasterKeys([{ keyId: 'short', key: new Uint8Array(16) }])).toThrow('32 bytes');
    expect(() => localMasterKeys([masterKey('a'), masterKey('a')])).toThrow('given twice');
  });
});

describe('loadMasterKeys', () => {
  let dir: string;
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'personal-data-keys-'));
  });
  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('on the embedded default generates one key under LEDGER_DATA_DIR, readable by its owner only, and reuses it', async () => {
    const dataDir = join(dir, 'embedded');
    const settings = loadConfig({ LEDGER_DATA_DIR: dataDir }).personalData;
    const logged: string[] = [];
    const first = await loadMasterKeys(settings, { log: (line) => logged.push(line) });
    const file = join(dataDir, 'personal-data-master.key');
    expect((await stat(file)).mode & 0o777).toBe(0o600);
    expect(logged).toEqual([
      expect.stringContaining(`generated the personal-data master key ${first.keyId}`),
    ]);
    const content = await readFile(file, 'utf8');

    const second = await loadMasterKeys(settings, { log: (line) => logged.push(line) });
    expect(second.keyId).toBe(first.keyId);
    expect(logged).toHaveLength(1);
    expect(await readFile(file, 'utf8')).toBe(content);
    const dataKey = randomBytes(32);
    const wrapped = await first.wrap(dataKey, 'p-001');
    expect(Buffer.from(await second.unwrap(wrapped, first.keyId, 'p-001'))).toEqual(dataKey);
  });

  it('makes one key when several processes start at once', async () => {
    const settings = loadConfig({ LEDGER_DATA_DIR: join(dir, 'race') }).personalData;
    const loaded = await Promise.all(Array.from({ length: 8 }, () => loadMasterKeys(settings)));
    expect(new Set(loaded.map((keys) => keys.keyId)).size).toBe(1);
  });

  it('uses PERSONAL_DATA_MASTER_KEY as given, without touching the data folder', async () => {
    const key = randomBytes(32).toString('base64');
    const dataDir = join(dir, 'inline');
    const keys = await loadMasterKeys(
      loadConfig({ LEDGER_DATA_DIR: dataDir, PERSONAL_DATA_MASTER_KEY: `new:${key}` }).personalData,
    );
    expect(keys.keyId).toBe('new');
    await expect(stat(dataDir)).rejects.toThrow('ENOENT');
  });

  it('reads rotation entries from PERSONAL_DATA_MASTER_KEY_FILE: the first wraps', async () => {
    const file = join(dir, 'rotation.key');
    await writeFile(
      file,
      `2025:${randomBytes(32).toString('base64')}\n2024:${randomBytes(32).toString('base64')}\n`,
    );
    const keys = await loadMasterKeys(loadConfig({ PERSONAL_DATA_MASTER_KEY_FILE: file }).personalData);
    expect(keys.keyId).toBe('2025');
  });

  it('never generates a configured key file that is missing', async () => {
    const file = join(dir, 'missing.key');
    const settings = loadConfig({ PERSONAL_DATA_MASTER_KEY_FILE: file }).personalData;
    await expect(loadMasterKeys(settings)).rejects.toThrow(ConfigError);
    await expect(loadMasterKeys(settings)).rejects.toThrow(
      /^Configuration error: PERSONAL_DATA_MASTER_KEY_FILE names a file that cannot be read: ENOENT/,
    );
    await expect(stat(file)).rejects.toThrow('ENOENT');
  });

  it.each([
    ['not a key', 'must be the base64 of 32 random bytes'],
    [randomBytes(16).toString('base64'), 'must be the base64 of 32 random bytes'],
    ['', 'holds no key'],
  ])('stops on a malformed key file (%j), naming the variable and the file', async (content, problem) => {
    const file = join(dir, `bad-${Math.random().toString(36).slice(2)}.key`);
    await writeFile(file, content);
    const settings = loadConfig({ PERSONAL_DATA_MASTER_KEY_FILE: file }).personalData;
    const error = await loadMasterKeys(settings).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(ConfigError);
    expect((error as ConfigError).setting).toBe('PERSONAL_DATA_MASTER_KEY_FILE');
    expect((error as Error).message).toContain(`PERSONAL_DATA_MASTER_KEY_FILE ${problem}`);
    expect((error as Error).message).toContain(file);
  });
});
