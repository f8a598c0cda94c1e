import { createHmac } from 'node:crypto';
import { ConfigError } from './env-schema.js';

/** A master key of the personal-data store: it wraps the per-person data keys. */
export interface MasterKey {
  keyId: string;
  key: Uint8Array;
}

const KEY_ID = /^[A-Za-z0-9._-]{1,64}$/;
/** Standard base64 of exactly 32 bytes: 43 characters and one optional `=`. */
const BASE64_32_BYTES = /^[A-Za-z0-9+/]{43}=?$/;

/**
 * Parses master keys written as `base64` or `keyId:base64` (32 bytes each), several separated by commas or
 * whitespace: the first wraps, all unwrap. A bare key is named by a fingerprint of itself, so the same key gets
 * the same id wherever it is configured. Errors name the setting, the entry and the `source` (a file), never the
 * key material.
 */
export function parseMasterKeys(raw: string, setting: string, source?: string): MasterKey[] {
  const where = source === undefined ? '' : ` in ${source}`;
  const entries = raw.split(/[,\s]+/).filter((entry) => entry !== '');
  if (entries.length === 0) throw new ConfigError(setting, `holds no key${where}`);
  const keys = entries.map((entry, index) => {
    const at = `${entries.length > 1 ? ` (entry ${index + 1})` : ''}${where}`;
    const colon = entry.indexOf(':');
    const keyId = colon < 0 ? undefined : entry.slice(0, colon);
    const encoded = colon < 0 ? entry : entry.slice(colon + 1);
    if (keyId !== undefined && !KEY_ID.test(keyId)) {
      throw new ConfigError(setting, `has a key id that is not 1 to 64 of A-Z a-z 0-9 . _ -${at}`);
    }
    if (!BASE64_32_BYTES.test(encoded)) {
      throw new ConfigError(
        setting,
        `must be the base64 of 32 random bytes, or keyId:base64, comma-separated for rotation${at} (openssl rand -base64 32)`,
      );
    }
    const key = new Uint8Array(Buffer.from(encoded, 'base64'));
    return { keyId: keyId ?? masterKeyFingerprint(key), key };
  });
  const ids = keys.map((k) => k.keyId);
  const repeated = ids.find((id, index) => ids.indexOf(id) !== index);
  if (repeated !== undefined) throw new ConfigError(setting, `names key id "${repeated}" twice${where}`);
  return keys;
}

/** An id derived from the key by HMAC: it names the key without revealing anything about it. */
function masterKeyFingerprint(key: Uint8Array): string {
  return `fp-${createHmac('sha256', key).update('coordination-ledger/personal-data/key-id').digest('hex').slice(0, 16)}`;
}
