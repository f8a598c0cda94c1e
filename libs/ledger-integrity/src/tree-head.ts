/**
 * Signed tree heads: the ledger's statement "my Merkle log had `treeSize` leaves and root `rootHash` at
 * `timestamp`", signed with Ed25519 (RFC 8032, pure Ed25519, no pre-hash).
 *
 * The signed bytes, for auditors who reimplement it: the UTF-8 canonical JSON (canonical-json.ts) of
 *
 *   {"context":"ledger-tree-head/v1","rootHash":"<64 lowercase hex>","timestamp":"<ISO 8601>","treeSize":<n>}
 *
 * i.e. exactly that text, members in that order, no whitespace; `timestamp` in the form of
 * `Date.prototype.toISOString` (`YYYY-MM-DDTHH:mm:ss.sssZ`), `treeSize` a JSON integer. The context string keeps
 * a signature over a tree head from being valid for any other message signed with the same key.
 * The signature is the 64-byte Ed25519 signature, written in standard base64 with padding.
 */
import { createPrivateKey, createPublicKey, sign, verify, type KeyObject } from 'node:crypto';
import { canonicalJsonBytes } from './canonical-json.js';

export const TREE_HEAD_CONTEXT = 'ledger-tree-head/v1';

export interface TreeHead {
  treeSize: number;
  /** Lowercase hex of the Merkle root of the first `treeSize` leaves. */
  rootHash: string;
  /** When the head was made, as `Date.prototype.toISOString` writes it. */
  timestamp: string;
}

export interface SignedTreeHead extends TreeHead {
  /** Base64 of the Ed25519 signature over `treeHeadSigningBytes(head)`. */
  signature: string;
}

const ROOT_HEX = /^[0-9a-f]{64}$/;
const SIGNATURE_BYTES = 64;

/** Why `head` is not a well-formed tree head, or undefined when it is. */
function treeHeadProblem(head: TreeHead): string | undefined {
  if (!Number.isSafeInteger(head.treeSize) || head.treeSize < 0) {
    return 'treeSize must be a safe non-negative integer';
  }
  if (typeof head.rootHash !== 'string' || !ROOT_HEX.test(head.rootHash)) {
    return 'rootHash must be 64 lowercase hex digits';
  }
  // One spelling per instant, so two different byte strings never claim the same head.
  if (typeof head.timestamp !== 'string' || !isCanonicalIsoTime(head.timestamp)) {
    return 'timestamp must be an ISO 8601 time as Date.prototype.toISOString writes it';
  }
  return undefined;
}

function isCanonicalIsoTime(text: string): boolean {
  const time = new Date(text);
  return !Number.isNaN(time.getTime()) && time.toISOString() === text;
}

/** The exact bytes that are signed for `head`; throws a `TypeError` for a malformed head. */
export function treeHeadSigningBytes(head: TreeHead): Buffer {
  const problem = treeHeadProblem(head);
  if (problem !== undefined) throw new TypeError(`tree head: ${problem}`);
  return canonicalJsonBytes({
    context: TREE_HEAD_CONTEXT,
    rootHash: head.rootHash,
    timestamp: head.timestamp,
    treeSize: head.treeSize,
  });
}

/** Signs `head` with an Ed25519 private key in PEM (PKCS#8). */
export function signTreeHead(head: TreeHead, privateKeyPem: string): SignedTreeHead {
  const key = ed25519Key(createPrivateKey(privateKeyPem), 'private');
  const signature = sign(null, treeHeadSigningBytes(head), key).toString('base64');
  return { treeSize: head.treeSize, rootHash: head.rootHash, timestamp: head.timestamp, signature };
}

/**
 * Whether `signed` carries a valid signature of the given Ed25519 public key (PEM, SPKI). False for a malformed
 * head or signature; throws only when the key itself is not an Ed25519 key.
 */
export function verifyTreeHead(signed: SignedTreeHead, publicKeyPem: string): boolean {
  const key = ed25519Key(createPublicKey(publicKeyPem), 'public');
  if (treeHeadProblem(signed) !== undefined || typeof signed.signature !== 'string') return false;
  const signature = Buffer.from(signed.signature, 'base64');
  // Buffer's base64 decoder skips junk; insist on the one canonical spelling of a 64-byte signature.
  if (signature.length !== SIGNATURE_BYTES || signature.toString('base64') !== signed.signature) return false;
  return verify(null, treeHeadSigningBytes(signed), key, signature);
}

function ed25519Key(key: KeyObject, kind: 'private' | 'public'): KeyObject {
  if (key.asymmetricKeyType !== 'ed25519') {
    throw new TypeError(`tree heads are signed with Ed25519; the ${kind} key is ${key.asymmetricKeyType}`);
  }
  return key;
}
