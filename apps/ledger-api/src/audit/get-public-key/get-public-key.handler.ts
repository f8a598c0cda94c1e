import { NotFoundException } from '@nestjs/common';
import { type IQueryHandler, QueryHandler } from '@nestjs/cqrs';
import { AuditLog } from '@ledger/audit';
import { EVENT_HASH_TAG, LEAF_TAG, TREE_HEAD_CONTEXT } from '@ledger/ledger-integrity';
import { GetPublicKeyQuery, type PublicKeyView } from './get-public-key.query.js';

// Built from the libs' own tags, so the description cannot drift from what is hashed and signed.
const SIGNS: PublicKeyView['signs'] = {
  treeHead:
    `Ed25519 over the UTF-8 canonical JSON (RFC 8785 style: members sorted, no whitespace) of ` +
    `{"context":"${TREE_HEAD_CONTEXT}","rootHash":<hex>,"timestamp":<ISO 8601, as Date.toISOString writes it>,` +
    `"treeSize":<integer>}; the signature is base64`,
  rootHash:
    'the RFC 6962 / RFC 9162 Merkle tree hash (SHA-256) of the first treeSize leaves, in the global order of events',
  leafHash:
    `SHA-256(0x00 || "${LEAF_TAG}" || 0x00 || eventHash (32 bytes) || position (unsigned 64-bit big-endian) || ` +
    'committedAt (milliseconds since 1970-01-01Z, signed 64-bit big-endian))',
  eventHash:
    `SHA-256("${EVENT_HASH_TAG}" || 0x00 || hash of the previous event of the stream (32 zero bytes for revision 0) || ` +
    'canonical JSON of {data, eventId, metadata, schemaVersion, streamId, type})',
};

@QueryHandler(GetPublicKeyQuery)
export class GetPublicKeyHandler implements IQueryHandler<GetPublicKeyQuery> {
  constructor(private readonly audit: AuditLog) {}

  // No requireAccess: there is no actor on a public route, and an auditor must get the key without an account.
  async execute(): Promise<PublicKeyView> {
    const key = await this.audit.publicKey();
    // Only before the projector first started: nothing has been signed, so there is nothing to check yet.
    if (!key)
      throw new NotFoundException('No tree-head signing key is published yet: the projector has not started');
    return { ...key, signs: SIGNS };
  }
}
