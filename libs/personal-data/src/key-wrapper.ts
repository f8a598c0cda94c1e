import { randomBytes } from 'node:crypto';
import { link, mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import { dirname } from 'node:path';
import { ConfigError, type MasterKey, parseMasterKeys, type PersonalDataSettings } from '@ledger/config';
import * as aead from './aead.js';

/**
 * The KMS-ready envelope: wraps and unwraps per-person data keys. A KMS implements it with its Encrypt and
 * Decrypt calls (the context as encryption context), and the master key never enters this process.
 */
export interface KeyWrapper {
  /** Identifies the master key version that `wrap` uses. */
  readonly keyId: string;
  /** Every master key version that `unwrap` accepts, `keyId` first. */
  readonly keyIds: readonly string[];
  wrap(dataKey: Uint8Array, context: string): Promise<Uint8Array>;
  /** Throws KeyUnwrapError if `keyId` is unknown, or the wrapped key or its context was altered. */
  unwrap(wrapped: Uint8Array, keyId: string, context: string): Promise<Uint8Array>;
}

export class KeyUnwrapError extends Error {
  override readonly name = 'KeyUnwrapError';
}

const WRAP_FORMAT = 1;
const KEY_BYTES = 32;

/** The key id and the context (the person id) are authenticated: a wrapped key moved to another person fails. */
const wrapAad = (keyId: string, context: string): Buffer =>
  Buffer.from(`coordination-ledger/personal-data/wrap/v1\0${keyId}\0${context}`, 'utf8');

/**
 * Master keys held in memory: AES-256-GCM key wrapping with the context as AAD. For rotation give several: the
 * first wraps, all unwrap. Wrapped form: format byte, 12-byte nonce, encrypted key, 16-byte tag.
 */
export function localMasterKeys(keys: readonly MasterKey[]): KeyWrapper {
  const [first] = keys;
  if (first === undefined) throw new TypeError('localMasterKeys needs at least one master key');
  const byId = new Map<string, Buffer>();
  for (const { keyId, key } of keys) {
    if (key.length !== KEY_BYTES) throw new TypeError(`master key ${keyId} must be ${KEY_BYTES} bytes`);
    if (byId.has(keyId)) throw new TypeError(`master key id ${keyId} is given twice`);
    byId.set(keyId, Buffer.from(key));
  }
  const current = first.keyId;

  return {
    keyId: current,
    keyIds: [...byId.keys()],

    async wrap(dataKey, context) {
      const { nonce, sealed } = aead.seal(byId.get(current)!, dataKey, wrapAad(current, context));
      return Buffer.concat([Buffer.of(WRAP_FORMAT), nonce, sealed]);
    },

    async unwrap(wrapped, keyId, context) {
      const masterKey = byId.get(keyId);
      if (masterKey === undefined) {
        throw new KeyUnwrapError(`master key ${keyId} is not configured (was it removed before a rewrap?)`);
      }
      const bytes = Buffer.from(wrapped);
      if (bytes.length <= 1 + aead.NONCE_BYTES + aead.TAG_BYTES || bytes[0] !== WRAP_FORMAT) {
        throw new KeyUnwrapError('wrapped key is malformed');
      }
      try {
        const nonce = bytes.subarray(1, 1 + aead.NONCE_BYTES);
        return aead.open(masterKey, nonce, bytes.subarray(1 + aead.NONCE_BYTES), wrapAad(keyId, context));
      } catch (err) {
        throw new KeyUnwrapError(
          'wrapped key does not authenticate: altered, or wrapped for another person',
          {
            cause: err,
          },
        );
      }
    },
  };
}

const FILE_SETTING = 'PERSONAL_DATA_MASTER_KEY_FILE';

/**
 * Loads the master key(s) from configuration: PERSONAL_DATA_MASTER_KEY as given, or the key file. On the
 * embedded default (no key configured) generates a key in the default file, readable by this user only, and
 * reuses it on every later start. A missing or malformed configured key is a ConfigError naming the variable.
 */
export async function loadMasterKeys(
  settings: PersonalDataSettings,
  options: { log?: (message: string) => void } = {},
): Promise<KeyWrapper> {
  if (settings.masterKeys !== undefined) return localMasterKeys(settings.masterKeys);
  // loadConfig sets the file whenever it sets no keys.
  const file = settings.masterKeyFile!;
  const existing = await readKeyFile(file, settings.generateMasterKey);
  if (existing !== undefined) return localMasterKeys(existing);

  await mkdir(dirname(file), { recursive: true });
  const content = `${randomBytes(KEY_BYTES).toString('base64')}\n`;
  // Written aside, then linked into place: link() fails if the file exists, so two processes starting together
  // never use different keys, and neither ever reads a half-written file.
  const draft = `${file}.${process.pid}.${randomBytes(6).toString('hex')}.tmp`;
  try {
    await writeFile(draft, content, { flag: 'wx', mode: 0o600 });
    await link(draft, file);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
    return localMasterKeys((await readKeyFile(file, false))!);
  } finally {
    await rm(draft, { force: true });
  }
  const keys = parseMasterKeys(content, FILE_SETTING, file);
  options.log?.(
    `generated the personal-data master key ${keys[0]!.keyId} in ${file}; losing it loses every stored identity`,
  );
  return localMasterKeys(keys);
}

/** The keys in `file`, or undefined when it does not exist and may be generated. */
async function readKeyFile(file: string, mayGenerate: boolean): Promise<MasterKey[] | undefined> {
  let content: string;
  try {
    content = await readFile(file, 'utf8');
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT' && mayGenerate) return undefined;
    throw new ConfigError(FILE_SETTING, `names a file that cannot be read: ${(err as Error).message}`);
  }
  return parseMasterKeys(content, FILE_SETTING, file);
}
