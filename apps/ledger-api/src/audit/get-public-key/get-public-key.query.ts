import { Query } from '@nestjs/cqrs';

export interface PublicKeyView {
  /** SHA-256 of the key's DER (SPKI) bytes, hex: every head names the key that signed it. */
  keyId: string;
  algorithm: 'Ed25519';
  publicKeyPem: string;
  /** What the key signs, so an auditor can check heads and proofs without reading the ledger's code. */
  signs: {
    treeHead: string;
    rootHash: string;
    leafHash: string;
    eventHash: string;
  };
}

/** Carries no actor: the key is public (see the controller). */
export class GetPublicKeyQuery extends Query<PublicKeyView> {}
