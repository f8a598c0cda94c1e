import { createDecipheriv, randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { ConfigError, type MasterKey } from '@ledger/config';
import { createPgClient, createPgliteClient, type SqlClient } from '@ledger/sql';
import {
  IdentityExistsError,
  IdentityUnreadableError,
  IdentityVault,
  InvalidIdentityError,
  type KeyWrapper,
  localMasterKeys,
  type PersonIdentity,
} from './index.js';

const masterKey = (keyId: string): MasterKey => ({ keyId, key: new Uint8Array(randomBytes(32)) });

const chenWei: PersonIdentity = {
  name: 'Chen Wei',
  dateOfBirth: '1990-02-28',
  document: { kind: 'passport', number: 'E12345678', issuingCountry: 'CHN' },
  photoReference: 'photos/2022/09/p-001.jpg',
};

/** Whether AES-256-GCM under `key` opens `sealed` (ciphertext and tag). */
function decrypts(key: Uint8Array, nonce: Uint8Array, sealed: Uint8Array): boolean {
  try {
    const bytes = Buffer.from(sealed);
    const decipher = createDecipheriv('aes-256-gcm', key, nonce, { authTagLength: 16 });
    decipher.setAuthTag(bytes.subarray(bytes.length - 16));
    decipher.update(bytes.subarray(0, bytes.length - 16));
    decipher.final();
    return true;
  } catch {
    return false;
  }
}

function describeVault(driver: string, open: () => Promise<SqlClient>) {
  describe(`IdentityVault on ${driver}`, () => {
    let sql: SqlClient;
    const schema = `personal_data_spec_${randomBytes(4).toString('hex')}`;
    const original = masterKey('2024');
    const keys: KeyWrapper = localMasterKeys([original]);
    let vault: IdentityVault;
    let n = 0;
    /** A fresh person id per test: the tests share one schema. */
    const person = () => `p-${(n += 1).toString().padStart(3, '0')}-${randomBytes(3).toString('hex')}`;

    const keyRow = async (personId: string) =>
      (
        await sql.query<{ key_id: string; wrapped_key: Uint8Array | null; destroyed_at: Date | null }>(
          `SELECT key_id, wrapped_key, destroyed_at FROM ${schema}.person_keys WHERE person_id = $1`,
          [personId],
        )
      ).rows[0];
    const identityRow = async (personId: string) =>
      (
        await sql.query<{ nonce: Uint8Array; ciphertext: Uint8Array; recorded_at: Date }>(
          `SELECT nonce, ciphertext, recorded_at FROM ${schema}.person_identities WHERE person_id = $1`,
          [personId],
        )
      ).rows[0];

    beforeAll(async () => {
      sql = await open();
      vault = await IdentityVault.open({ sql, schema, keys });
    });
    afterAll(async () => {
      await sql.query(`DROP SCHEMA IF EXISTS ${schema} CASCADE`);
      await sql.close();
    });

    it('reads back the identity it stored, with when it was recorded', async () => {
      const id = person();
      const before = Date.now();
      await vault.store(id, chenWei);
      const read = await vault.read(id);
      expect(read).toEqual({ status: 'present', identity: chenWei, recordedAt: expect.any(Date) });
      if (read.status !== 'present') throw new Error('unreachable');
      expect(read.recordedAt.getTime()).toBeGreaterThanOrEqual(before - 5_000);
      await vault.store(person(), { name: 'Sok Dara' });
    });

    it('answers absent for a person it never held, and opens again over its own tables', async () => {
      expect(await vault.read('p-never')).toEqual({ status: 'absent' });
      expect(await vault.erase('p-never')).toBe('absent');
      const id = person();
      await vault.store(id, chenWei);
      const again = await IdentityVault.open({ sql, schema, keys });
      expect((await again.read(id)).status).toBe('present');
    });

    it('keeps no plaintext: neither the name nor the passport number is anywhere in its tables', async () => {
      const id = person();
      await vault.store(id, chenWei);
      const { rows } = await sql.query<{ row: string; bytes: Uint8Array }>(
        `SELECT k::text AS row, k.wrapped_key AS bytes FROM ${schema}.person_keys k
         UNION ALL SELECT i::text, i.nonce || i.ciphertext FROM ${schema}.person_identities i`,
      );
      const everything = Buffer.concat(rows.flatMap((r) => [Buffer.from(r.row), Buffer.from(r.bytes ?? [])]));
      expect(everything.length).toBeGreaterThan(0);
      for (const secret of ['Chen Wei', 'Chen', 'E12345678', '1990-02-28', 'photos/2022']) {
        expect(everything.includes(Buffer.from(secret, 'utf8'))).toBe(false);
        expect(everything.includes(Buffer.from(Buffer.from(secret).toString('hex')))).toBe(false);
      }
      // Padded: a short name and a longer one make ciphertexts of the same length.
      const other = person();
      await vault.store(other, { ...chenWei, name: 'Chen Wei Long' });
      expect((await identityRow(other))!.ciphertext.length).toBe((await identityRow(id))!.ciphertext.length);
    });

    it('refuses a second identity for a person, and after erasure too', async () => {
      const id = person();
      await vault.store(id, chenWei);
      await expect(vault.store(id, { name: 'Someone Else' })).rejects.toThrow(IdentityExistsError);
      expect(await vault.read(id)).toMatchObject({ identity: chenWei });
      await vault.erase(id);
      await expect(vault.store(id, chenWei)).rejects.toThrow(IdentityExistsError);
      expect((await vault.read(id)).status).toBe('erased');
    });

    it('stores one identity when two registrations of a person race', async () => {
      const id = person();
      const results = await Promise.allSettled([
        vault.store(id, { name: 'First' }),
        vault.store(id, { name: 'Second' }),
      ]);
      expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
      const refused = results.find((r) => r.status === 'rejected') as PromiseRejectedResult;
      expect(refused.reason).toBeInstanceOf(IdentityExistsError);
    });

    it('refuses an invalid identity with the field, and stores nothing', async () => {
      const id = person();
      await expect(
        vault.store(id, { name: 'A', document: { kind: 'passport', number: '' } } as PersonIdentity),
      ).rejects.toThrow(expect.objectContaining({ name: 'InvalidIdentityError', field: 'document.number' }));
      await expect(vault.store('', chenWei)).rejects.toThrow(InvalidIdentityError);
      expect(await vault.read(id)).toEqual({ status: 'absent' });
    });

    it('erases by destroying the key: read says erased, and the ciphertext left behind opens with no key', async () => {
      const id = person();
      await vault.store(id, chenWei);
      const before = await identityRow(id);
      expect(await vault.erase(id)).toBe('erased');
      expect(await vault.erase(id)).toBe('already-erased');
      const read = await vault.read(id);
      expect(read).toEqual({ status: 'erased', erasedAt: expect.any(Date) });

      const key = await keyRow(id);
      expect(key).toMatchObject({ key_id: '2024', wrapped_key: null, destroyed_at: expect.any(Date) });
      const left = await identityRow(id);
      expect(Buffer.from(left!.ciphertext)).toEqual(Buffer.from(before!.ciphertext));
      // The master key never encrypted the identity itself: holding it opens nothing.
      expect(decrypts(original.key, left!.nonce, left!.ciphertext)).toBe(false);
      // Not even a data key for it is left anywhere in the key table.
      const { rows } = await sql.query<{ n: bigint }>(
        `SELECT count(*) AS n FROM ${schema}.person_keys WHERE person_id = $1 AND wrapped_key IS NOT NULL`,
        [id],
      );
      expect(rows[0]?.n).toBe(0n);
    });

    it('leaves a backup of the identity table taken before the erasure unreadable, even restored', async () => {
      const erased = person();
      const kept = person();
      await vault.store(erased, chenWei);
      await vault.store(kept, { name: 'Sok Dara' });
      const { rows: backup } = await sql.query<Record<string, unknown>>(
        `SELECT person_id, nonce, ciphertext, recorded_at FROM ${schema}.person_identities
         WHERE person_id IN ($1, $2)`,
        [erased, kept],
      );

      await vault.erase(erased);
      // Restore the backup over the live rows, as an operator restoring the table would.
      await sql.transaction(async (tx) => {
        await tx.query(`DELETE FROM ${schema}.person_identities WHERE person_id IN ($1, $2)`, [erased, kept]);
        for (const row of backup) {
          await tx.query(
            `INSERT INTO ${schema}.person_identities (person_id, nonce, ciphertext, recorded_at) VALUES ($1, $2, $3, $4)`,
            [
              row.person_id,
              Buffer.from(row.nonce as Uint8Array),
              Buffer.from(row.ciphertext as Uint8Array),
              row.recorded_at,
            ],
          );
        }
      });
      expect((await vault.read(erased)).status).toBe('erased');
      expect(await vault.read(kept)).toMatchObject({ status: 'present', identity: { name: 'Sok Dara' } });
      const copy = backup.find((row) => row.person_id === erased)!;
      expect(decrypts(original.key, copy.nonce as Uint8Array, copy.ciphertext as Uint8Array)).toBe(false);
    });

    it('refuses altered ciphertext, nonce or wrapped key', async () => {
      for (const [table, column] of [
        ['person_identities', 'ciphertext'],
        ['person_identities', 'nonce'],
        ['person_keys', 'wrapped_key'],
      ] as const) {
        const id = person();
        await vault.store(id, chenWei);
        await sql.query(
          `UPDATE ${schema}.${table} SET ${column} = set_byte(${column}, 5, get_byte(${column}, 5) # 1) WHERE person_id = $1`,
          [id],
        );
        await expect(vault.read(id)).rejects.toThrow(IdentityUnreadableError);
      }
      const truncated = person();
      await vault.store(truncated, chenWei);
      await sql.query(
        `UPDATE ${schema}.person_identities SET ciphertext = substring(ciphertext FROM 1 FOR 8) WHERE person_id = $1`,
        [truncated],
      );
      await expect(vault.read(truncated)).rejects.toThrow(IdentityUnreadableError);
    });

    it('refuses a ciphertext moved to another person, even with a data key re-wrapped for that person', async () => {
      const a = person();
      const b = person();
      const c = person();
      await vault.store(a, chenWei);
      await vault.store(b, { name: 'Sok Dara' });
      const aIdentity = (await identityRow(a))!;
      const aKey = (await keyRow(a))!;

      // A's identity on B's row: B's key does not open it.
      await sql.query(
        `UPDATE ${schema}.person_identities SET nonce = $2, ciphertext = $3 WHERE person_id = $1`,
        [b, Buffer.from(aIdentity.nonce), Buffer.from(aIdentity.ciphertext)],
      );
      await expect(vault.read(b)).rejects.toThrow(IdentityUnreadableError);

      // A's key and identity rows, both copied to C: the key was wrapped for A.
      await sql.query(
        `INSERT INTO ${schema}.person_keys (person_id, key_id, wrapped_key) VALUES ($1, $2, $3)`,
        [c, aKey.key_id, Buffer.from(aKey.wrapped_key!)],
      );
      await sql.query(
        `INSERT INTO ${schema}.person_identities (person_id, nonce, ciphertext) VALUES ($1, $2, $3)`,
        [c, Buffer.from(aIdentity.nonce), Buffer.from(aIdentity.ciphertext)],
      );
      await expect(vault.read(c)).rejects.toThrow(/wrapped for another person/);

      // Someone holding the master key re-wraps A's data key for B: the ciphertext is still bound to A.
      const dataKey = await keys.unwrap(aKey.wrapped_key!, aKey.key_id, a);
      await sql.query(`UPDATE ${schema}.person_keys SET wrapped_key = $2 WHERE person_id = $1`, [
        b,
        Buffer.from(await keys.wrap(dataKey, b)),
      ]);
      await expect(vault.read(b)).rejects.toThrow(/ciphertext does not authenticate/);
      expect(await vault.read(a)).toMatchObject({ status: 'present', identity: chenWei });
    });

    it('discards an identity whose registration failed, but never an erased one', async () => {
      const id = person();
      await vault.store(id, chenWei);
      await vault.discard(id);
      expect(await vault.read(id)).toEqual({ status: 'absent' });
      expect(await identityRow(id)).toBeUndefined();
      await vault.discard(id);
      await vault.store(id, { name: 'Sok Dara' });
      expect(await vault.read(id)).toMatchObject({ identity: { name: 'Sok Dara' } });

      await vault.erase(id);
      await vault.discard(id);
      expect((await vault.read(id)).status).toBe('erased');
    });

    it('rotates: rewrap moves every live key under the new first key, and the old key can then go', async () => {
      const rotationSchema = `${schema}_rotation`;
      const old = localMasterKeys([original]);
      const before = await IdentityVault.open({ sql, schema: rotationSchema, keys: old });
      const ids = Array.from({ length: 300 }, () => person());
      for (const id of ids) await before.store(id, { name: `Person ${id}` });
      await before.erase(ids[0]!);

      const next = masterKey('2025');
      const during = await IdentityVault.open({
        sql,
        schema: rotationSchema,
        keys: localMasterKeys([next, original]),
      });
      const progress: number[] = [];
      expect(await during.rewrap({ onProgress: (count) => progress.push(count) })).toBe(ids.length - 1);
      // 299 keys in batches of 256.
      expect(progress).toEqual([256, ids.length - 1]);
      expect(await during.rewrap()).toBe(0);

      const { rows } = await sql.query<{ key_id: string; n: bigint }>(
        `SELECT key_id, count(*) AS n FROM ${rotationSchema}.person_keys WHERE wrapped_key IS NOT NULL GROUP BY key_id`,
      );
      expect(rows).toEqual([{ key_id: '2025', n: BigInt(ids.length - 1) }]);

      const after = await IdentityVault.open({ sql, schema: rotationSchema, keys: localMasterKeys([next]) });
      expect(await after.read(ids[1]!)).toMatchObject({
        status: 'present',
        identity: { name: `Person ${ids[1]}` },
      });
      expect(await after.read(ids[299]!)).toMatchObject({ status: 'present' });
      expect((await after.read(ids[0]!)).status).toBe('erased');
      await expect(before.read(ids[1]!)).rejects.toThrow(/master key 2025 is not configured/);
      await sql.query(`DROP SCHEMA ${rotationSchema} CASCADE`);
    });

    it('refuses to open when a stored data key is wrapped by a master key it is not given', async () => {
      const replicasSchema = `${schema}_replicas`;
      // Two replicas that each generated a key of their own, sharing one schema.
      const mine = masterKey('fp-0000000000000001');
      const theirs = masterKey('fp-0000000000000002');
      const first = await IdentityVault.open({ sql, schema: replicasSchema, keys: localMasterKeys([mine]) });
      const second = await IdentityVault.open({
        sql,
        schema: replicasSchema,
        keys: localMasterKeys([theirs]),
      });
      await first.store(person(), chenWei);

      const opening = IdentityVault.open({ sql, schema: replicasSchema, keys: localMasterKeys([theirs]) });
      await expect(opening).rejects.toThrow(ConfigError);
      await expect(opening).rejects.toThrow(
        'Configuration error: PERSONAL_DATA_MASTER_KEY or PERSONAL_DATA_MASTER_KEY_FILE must also hold master key fp-0000000000000001',
      );
      // Both keys given, as during a rotation, it opens; erased keys do not count.
      await IdentityVault.open({ sql, schema: replicasSchema, keys: localMasterKeys([theirs, mine]) });
      const erased = person();
      await second.store(erased, chenWei);
      await second.erase(erased);
      await IdentityVault.open({ sql, schema: replicasSchema, keys: localMasterKeys([mine]) });
      await sql.query(`DROP SCHEMA ${replicasSchema} CASCADE`);
    });
  });
}

describeVault('PGlite (in memory)', () => createPgliteClient());

const databaseUrl = process.env.DATABASE_URL;
if (databaseUrl) {
  describeVault('the PostgreSQL server', async () =>
    createPgClient({ connectionString: databaseUrl, max: 4 }),
  );
} else {
  console.log('IdentityVault tests on a PostgreSQL server skipped: DATABASE_URL is not set.');
  describe.skip('IdentityVault on the PostgreSQL server: DATABASE_URL is not set', () => {
    it('needs DATABASE_URL', () => undefined);
  });
}
