import { randomBytes } from 'node:crypto';
import { ConfigError } from '@ledger/config';
import { migrate, quoteIdentifier, type SqlClient } from '@ledger/sql';
import * as aead from './aead.js';
import { checkPersonId, type PersonIdentity, validateIdentity } from './identity.js';
import type { KeyWrapper } from './key-wrapper.js';

export type IdentityRead =
  | { status: 'present'; identity: PersonIdentity; recordedAt: Date }
  | { status: 'erased'; erasedAt: Date }
  | { status: 'absent' };

/** The person has (or had, before it was erased) an identity: a person id is never reused for another one. */
export class IdentityExistsError extends Error {
  override readonly name = 'IdentityExistsError';
  constructor(readonly personId: string) {
    super(`person ${personId} already has an identity, or had one that was erased`);
  }
}

/** A stored identity failed to decrypt: altered, moved to another person, or its master key is not configured. */
export class IdentityUnreadableError extends Error {
  override readonly name = 'IdentityUnreadableError';
  constructor(
    readonly personId: string,
    reason: string,
    options?: ErrorOptions,
  ) {
    super(`the identity of person ${personId} cannot be read: ${reason}`, options);
  }
}

const DATA_KEY_BYTES = 32;
/** Plaintext is padded to a multiple of this, so the ciphertext's length does not give away a name's. */
const PAD_TO = 64;
const REWRAP_BATCH = 256;

/** The person id is authenticated with the ciphertext: a copy put on another person's row fails. */
const identityAad = (personId: string): Buffer =>
  Buffer.from(`coordination-ledger/personal-data/identity/v1\0${personId}`, 'utf8');

interface KeyRow {
  key_id: string;
  wrapped_key: Uint8Array | null;
  destroyed_at: Date | null;
  nonce: Uint8Array | null;
  ciphertext: Uint8Array | null;
  recorded_at: Date | null;
}

/**
 * Persons' identities, each encrypted (AES-256-GCM) under a data key of its own, which is kept only wrapped by the
 * master key. Erasure destroys the wrapped data key: the ciphertext stays, in the table and in every backup of
 * it, and can never be decrypted again.
 */
export class IdentityVault {
  private constructor(
    private readonly sql: SqlClient,
    private readonly keysTable: string,
    private readonly identitiesTable: string,
    private readonly keys: KeyWrapper,
  ) {}

  /** Opens the vault in `schema`, creating its tables; throws ConfigError if `keys` lacks a master key in use. */
  static async open(options: { sql: SqlClient; schema: string; keys: KeyWrapper }): Promise<IdentityVault> {
    const { sql, schema, keys } = options;
    const s = quoteIdentifier(schema, 'schema');
    await migrate(sql, [
      `CREATE SCHEMA IF NOT EXISTS ${s}`,
      // Two tables on purpose, so that operators back them up apart: a backup of person_identities alone is
      // noise, and erasure is final only once no copy of the erased row of person_keys remains, so keep that
      // table's backups short-lived (or the keys in a KMS). PostgreSQL also keeps the old row version until
      // vacuum and in its WAL.
      `CREATE TABLE IF NOT EXISTS ${s}.person_keys (
        person_id text PRIMARY KEY,
        key_id text NOT NULL,
        wrapped_key bytea,
        created_at timestamptz NOT NULL DEFAULT now(),
        destroyed_at timestamptz,
        CONSTRAINT person_keys_destroyed_has_no_key CHECK ((wrapped_key IS NULL) = (destroyed_at IS NOT NULL))
      )`,
      `CREATE TABLE IF NOT EXISTS ${s}.person_identities (
        person_id text PRIMARY KEY,
        nonce bytea NOT NULL,
        ciphertext bytea NOT NULL,
        recorded_at timestamptz NOT NULL DEFAULT now()
      )`,
      `CREATE INDEX IF NOT EXISTS person_keys_live_by_key_id ON ${s}.person_keys (key_id, person_id)
        WHERE wrapped_key IS NOT NULL`,
    ]);
    await checkMasterKeys(sql, `${s}.person_keys`, keys);
    return new IdentityVault(sql, `${s}.person_keys`, `${s}.person_identities`, keys);
  }

  /** Encrypts under a fresh per-person key; throws IdentityExistsError if the person has one (or had one that was erased). */
  async store(personId: string, identity: PersonIdentity): Promise<void> {
    checkPersonId(personId);
    const plaintext = pad(Buffer.from(JSON.stringify(validateIdentity(identity)), 'utf8'));
    const dataKey = randomBytes(DATA_KEY_BYTES);
    try {
      const keyId = this.keys.keyId;
      const wrapped = Buffer.from(await this.keys.wrap(dataKey, personId));
      const { nonce, sealed: ciphertext } = aead.seal(dataKey, plaintext, identityAad(personId));
      await this.sql.transaction(async (tx) => {
        const { rows } = await tx.query(
          `INSERT INTO ${this.keysTable} (person_id, key_id, wrapped_key) VALUES ($1, $2, $3)
           ON CONFLICT (person_id) DO NOTHING RETURNING person_id`,
          [personId, keyId, wrapped],
        );
        if (rows.length === 0) throw new IdentityExistsError(personId);
        // A row here without a key row is noise (its key is gone): the new identity replaces it.
        await tx.query(
          `INSERT INTO ${this.identitiesTable} (person_id, nonce, ciphertext) VALUES ($1, $2, $3)
           ON CONFLICT (person_id) DO UPDATE SET nonce = $2, ciphertext = $3, recorded_at = now()`,
          [personId, nonce, ciphertext],
        );
      });
    } finally {
      dataKey.fill(0);
      plaintext.fill(0);
    }
  }

  async read(personId: string): Promise<IdentityRead> {
    checkPersonId(personId);
    const { rows } = await this.sql.query<KeyRow>(
      `SELECT k.key_id, k.wrapped_key, k.destroyed_at, i.nonce, i.ciphertext, i.recorded_at
       FROM ${this.keysTable} k LEFT JOIN ${this.identitiesTable} i ON i.person_id = k.person_id
       WHERE k.person_id = $1`,
      [personId],
    );
    const row = rows[0];
    if (row === undefined) return { status: 'absent' };
    if (row.destroyed_at !== null) return { status: 'erased', erasedAt: row.destroyed_at };
    if (
      row.wrapped_key === null ||
      row.nonce === null ||
      row.ciphertext === null ||
      row.recorded_at === null
    ) {
      throw new IdentityUnreadableError(personId, 'its ciphertext is missing');
    }
    let dataKey: Buffer;
    try {
      dataKey = Buffer.from(await this.keys.unwrap(row.wrapped_key, row.key_id, personId));
    } catch (err) {
      throw new IdentityUnreadableError(personId, (err as Error).message, { cause: err });
    }
    let plaintext: Buffer | undefined;
    try {
      plaintext = aead.open(dataKey, row.nonce, row.ciphertext, identityAad(personId));
      return {
        status: 'present',
        identity: JSON.parse(plaintext.toString('utf8')) as PersonIdentity,
        recordedAt: row.recorded_at,
      };
    } catch (err) {
      throw new IdentityUnreadableError(personId, 'the ciphertext does not authenticate', { cause: err });
    } finally {
      dataKey.fill(0);
      plaintext?.fill(0);
    }
  }

  /** Destroys the person's key; the ciphertext stays but can never be read again. Idempotent. */
  async erase(personId: string): Promise<'erased' | 'already-erased' | 'absent'> {
    checkPersonId(personId);
    return this.sql.transaction(async (tx) => {
      const { rows } = await tx.query<{ destroyed_at: Date | null }>(
        `SELECT destroyed_at FROM ${this.keysTable} WHERE person_id = $1 FOR UPDATE`,
        [personId],
      );
      const row = rows[0];
      if (row === undefined) return 'absent';
      if (row.destroyed_at !== null) return 'already-erased';
      // The row stays, with the key gone: it records the erasure and keeps the person id from being reused.
      await tx.query(
        `UPDATE ${this.keysTable} SET wrapped_key = NULL, destroyed_at = now() WHERE person_id = $1`,
        [personId],
      );
      return 'erased';
    });
  }

  /**
   * Removes a stored identity whose registration never made it into the ledger (compensation after a failed
   * append). An erased identity is left as it is: its erasure stays on record.
   */
  async discard(personId: string): Promise<void> {
    checkPersonId(personId);
    await this.sql.transaction(async (tx) => {
      const { rows } = await tx.query(
        `DELETE FROM ${this.keysTable} WHERE person_id = $1 AND destroyed_at IS NULL RETURNING person_id`,
        [personId],
      );
      if (rows.length > 0) {
        await tx.query(`DELETE FROM ${this.identitiesTable} WHERE person_id = $1`, [personId]);
      }
    });
  }

  /**
   * Re-wraps every live data key that is not yet under the current (first) master key, so that older master
   * keys can be retired; returns how many it re-wrapped. Keys erased meanwhile stay erased. `onProgress` hears
   * the count so far after each batch; stopped midway, a second run goes on with what is left.
   */
  async rewrap(options: { onProgress?: (rewrapped: number) => void } = {}): Promise<number> {
    const current = this.keys.keyId;
    let count = 0;
    let after = '';
    for (;;) {
      const { rows } = await this.sql.query<{ person_id: string; key_id: string; wrapped_key: Uint8Array }>(
        `SELECT person_id, key_id, wrapped_key FROM ${this.keysTable}
         WHERE wrapped_key IS NOT NULL AND key_id <> $1 AND person_id > $2
         ORDER BY person_id LIMIT ${REWRAP_BATCH}`,
        [current, after],
      );
      for (const row of rows) {
        after = row.person_id;
        const old = Buffer.from(row.wrapped_key);
        let dataKey: Uint8Array;
        try {
          dataKey = await this.keys.unwrap(old, row.key_id, row.person_id);
        } catch (err) {
          throw new IdentityUnreadableError(row.person_id, (err as Error).message, { cause: err });
        }
        try {
          const wrapped = Buffer.from(await this.keys.wrap(dataKey, row.person_id));
          // Only if the row still holds the key just unwrapped: an erasure in between must win.
          const { rowCount } = await this.sql.query(
            `UPDATE ${this.keysTable} SET key_id = $2, wrapped_key = $3
             WHERE person_id = $1 AND key_id = $4 AND wrapped_key = $5`,
            [row.person_id, current, wrapped, row.key_id, old],
          );
          count += rowCount;
        } finally {
          dataKey.fill(0);
        }
      }
      options.onProgress?.(count);
      if (rows.length < REWRAP_BATCH) return count;
    }
  }
}

/**
 * Throws ConfigError if a live data key is wrapped by a master key that `keys` lacks, as when replicas each
 * generated a key of their own, or a key was retired before a rewrap: at start-up, not at the first read of
 * such an identity.
 */
async function checkMasterKeys(sql: SqlClient, keysTable: string, keys: KeyWrapper): Promise<void> {
  const { rows } = await sql.query<{ key_id: string }>(
    `SELECT DISTINCT key_id FROM ${keysTable} WHERE wrapped_key IS NOT NULL ORDER BY key_id`,
  );
  const missing = rows.map((row) => row.key_id).filter((keyId) => !keys.keyIds.includes(keyId));
  if (missing.length === 0) return;
  throw new ConfigError(
    'PERSONAL_DATA_MASTER_KEY',
    `or PERSONAL_DATA_MASTER_KEY_FILE must also hold master key ${missing.join(', ')}: data keys in ` +
      `${keysTable} are wrapped by it (configured: ${keys.keyIds.join(', ')}). Give every replica the same ` +
      'keys, and retire a key only after a rewrap.',
  );
}

function pad(json: Buffer): Buffer {
  // Trailing spaces are insignificant to JSON.parse.
  const length = Math.ceil((json.length + 1) / PAD_TO) * PAD_TO;
  const padded = Buffer.alloc(length, 0x20);
  json.copy(padded);
  json.fill(0);
  return padded;
}
