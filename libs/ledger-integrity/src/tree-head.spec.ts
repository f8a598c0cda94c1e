import { generateKeyPairSync, verify } from 'node:crypto';
import { describe, expect, it } from '@jest/globals';
import { signTreeHead, treeHeadSigningBytes, verifyTreeHead, type SignedTreeHead } from './tree-head.js';

const pems = () => {
  const { privateKey, publicKey } = generateKeyPairSync('ed25519');
  return {
    privateKey: privateKey.export({ type: 'pkcs8', format: 'pem' }).toString(),
    publicKey: publicKey.export({ type: 'spki', format: 'pem' }).toString(),
  };
};

const keys = pems();
const head = {
  treeSize: 1234,
  rootHash: '5dc9da79a70659a9ad559cb701ded9a2ab9d823aad2f4960cfe370eff4604328',
  timestamp: '2024-05-01T12:00:00.000Z',
};

describe('signed tree heads', () => {
  it('signs the documented bytes', () => {
    expect(treeHeadSigningBytes(head).toString('utf8')).toBe(
      '{"context":"ledger-tree-head/v1",' +
        '"rootHash":"5dc9da79a70659a9ad559cb701ded9a2ab9d823aad2f4960cfe370eff4604328",' +
        '"timestamp":"2024-05-01T12:00:00.000Z","treeSize":1234}',
    );
    const signed = signTreeHead(head, keys.privateKey);
    expect(Buffer.from(signed.signature, 'base64')).toHaveLength(64);
    // Any Ed25519 implementation checks it over those bytes; here node:crypto without this module.
    const bytes = treeHeadSigningBytes(head);
    expect(verify(null, bytes, keys.publicKey, Buffer.from(signed.signature, 'base64'))).toBe(true);
  });

  it('given a signed head, when verified with the public key, then it is valid', () => {
    const signed = signTreeHead(head, keys.privateKey);
    expect(signed).toMatchObject(head);
    expect(verifyTreeHead(signed, keys.publicKey)).toBe(true);
    // The public key can also come from the private key's PEM.
    expect(verifyTreeHead(signed, keys.privateKey)).toBe(true);
  });

  it.each([
    ['size', { treeSize: 1235 }],
    ['size to zero', { treeSize: 0 }],
    ['root', { rootHash: '4dc9da79a70659a9ad559cb701ded9a2ab9d823aad2f4960cfe370eff4604328' }],
    ['timestamp', { timestamp: '2024-05-01T12:00:00.001Z' }],
  ])('given a signed head, when its %s changes, then the signature fails', (_, change) => {
    const signed = signTreeHead(head, keys.privateKey);
    expect(verifyTreeHead({ ...signed, ...change }, keys.publicKey)).toBe(false);
  });

  it('given a signed head, when checked with another key, then it fails', () => {
    const signed = signTreeHead(head, keys.privateKey);
    expect(verifyTreeHead(signed, pems().publicKey)).toBe(false);
  });

  it('rejects a tampered, truncated or non-canonical signature', () => {
    const signed = signTreeHead(head, keys.privateKey);
    const bytes = Buffer.from(signed.signature, 'base64');
    bytes[10] = (bytes[10] as number) ^ 0x01;
    const variants: SignedTreeHead[] = [
      { ...signed, signature: bytes.toString('base64') },
      { ...signed, signature: bytes.subarray(0, 63).toString('base64') },
      { ...signed, signature: `${signed.signature} ` },
      { ...signed, signature: '' },
    ];
    for (const variant of variants) expect(verifyTreeHead(variant, keys.publicKey)).toBe(false);
  });

  it('refuses to sign a malformed head, and never verifies one', () => {
    const malformed = [
      { ...head, treeSize: -1 },
      { ...head, treeSize: 1.5 },
      { ...head, rootHash: head.rootHash.toUpperCase() },
      { ...head, rootHash: 'abc' },
      { ...head, timestamp: '2024-05-01T12:00:00Z' }, // the same instant, another spelling
      { ...head, timestamp: 'yesterday' },
    ];
    const signature = signTreeHead(head, keys.privateKey).signature;
    for (const bad of malformed) {
      expect(() => signTreeHead(bad, keys.privateKey)).toThrow(TypeError);
      expect(verifyTreeHead({ ...bad, signature }, keys.publicKey)).toBe(false);
    }
  });

  it('refuses keys that are not Ed25519', () => {
    const rsa = generateKeyPairSync('rsa', { modulusLength: 2048 });
    const rsaPrivate = rsa.privateKey.export({ type: 'pkcs8', format: 'pem' }).toString();
    const rsaPublic = rsa.publicKey.export({ type: 'spki', format: 'pem' }).toString();
    expect(() => signTreeHead(head, rsaPrivate)).toThrow(TypeError);
    const signed = signTreeHead(head, keys.privateKey);
    expect(() => verifyTreeHead(signed, rsaPublic)).toThrow(TypeError);
  });
});
