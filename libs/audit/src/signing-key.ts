import { createHash, createPrivateKey, createPublicKey, generateKeyPairSync } from 'node:crypto';
import { chmod, mkdir, readFile, writeFile } from 'node:fs/promises';
import { dirname } from 'node:path';
import { signTreeHead, type SignedTreeHead, type TreeHead } from '@ledger/ledger-integrity';

/** The ledger's tree-head signing key: the private half stays here, the public half is published. */
export interface TreeHeadSigner {
  /** SHA-256 of the public key's DER (SPKI) bytes, hex: names the key in every head it signs. */
  readonly keyId: string;
  readonly publicKeyPem: string;
  sign(head: TreeHead): SignedTreeHead;
}

export function treeHeadSigner(privateKeyPem: string): TreeHeadSigner {
  const publicKey = createPublicKey(createPrivateKey(privateKeyPem));
  const publicKeyPem = publicKey.export({ type: 'spki', format: 'pem' }).toString();
  return {
    keyId: publicKeyId(publicKeyPem),
    publicKeyPem,
    sign: (head) => signTreeHead(head, privateKeyPem),
  };
}

export function publicKeyId(publicKeyPem: string): string {
  const der = createPublicKey(publicKeyPem).export({ type: 'spki', format: 'der' });
  return createHash('sha256').update(der).digest('hex');
}

/**
 * Reads the Ed25519 private key (PKCS#8 PEM) from `file`. When the file does not exist and `generate` is set (the
 * embedded default), makes a key pair and keeps it there, readable by this user only.
 */
export async function loadTreeHeadSigner(
  file: string,
  options: { generate: boolean; log?: (message: string) => void },
): Promise<TreeHeadSigner> {
  try {
    return treeHeadSigner(await readFile(file, 'utf8'));
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'ENOENT' || !options.generate) {
      throw new Error(`cannot read the tree-head signing key ${file}: ${(err as Error).message}`, {
        cause: err,
      });
    }
  }
  const { privateKey } = generateKeyPairSync('ed25519');
  const pem = privateKey.export({ type: 'pkcs8', format: 'pem' }).toString();
  await mkdir(dirname(file), { recursive: true });
  // wx: two processes starting together must not overwrite each other's key.
  try {
    await writeFile(file, pem, { flag: 'wx', mode: 0o600 });
    await chmod(file, 0o600);
    options.log?.(`generated a tree-head signing key in ${file}; publish its public key to auditors`);
    return treeHeadSigner(pem);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'EEXIST') return treeHeadSigner(await readFile(file, 'utf8'));
    throw err;
  }
}
