import { generateKeyPairSync } from 'node:crypto';
import { AuditLog, treeHeadSigner, type StoredTreeHead } from '@ledger/audit';
import { createPostgresEventStore, type PostgresEventStore } from '@ledger/event-store';
import { createProjector } from '@ledger/read-models';
import type { SqlClient } from '@ledger/sql';
import { appendSeptember2022, caughtUp, recordingLogger } from '../read-models/support.js';

export interface AuditedLedger {
  store: PostgresEventStore;
  audit: AuditLog;
  /** The public half of the key that signed the heads (PEM). */
  publicKeyPem: string;
  /** The head signed over the whole history, after the Merkle log caught up. */
  lastHead: StoredTreeHead;
}

/**
 * Records the September 2022 history in `schema`, runs the Merkle log over it with a fresh signing key (a head
 * every `headEveryEvents`) and signs a head over the rest: a ledger an auditor can check.
 */
export async function auditedSeptember2022(
  sql: SqlClient,
  schema: string,
  headEveryEvents: number,
): Promise<AuditedLedger> {
  const store = await createPostgresEventStore(sql, { schema });
  await appendSeptember2022(store);
  const { privateKey } = generateKeyPairSync('ed25519');
  const signer = treeHeadSigner(privateKey.export({ type: 'pkcs8', format: 'pem' }).toString());
  const audit = new AuditLog({ sql, schema, signer, headEveryEvents, headEverySeconds: 3600 });
  await audit.migrate();
  const projector = await createProjector({
    sql,
    store,
    schema,
    projection: audit.projection,
    logger: recordingLogger(),
  });
  projector.start();
  await caughtUp({ name: schema, sql, store, newSchema: () => schema }, projector);
  await projector.stop();
  await audit.signLatest();
  const lastHead = await audit.heads.latest();
  if (!lastHead) throw new Error('no tree head was signed');
  return { store, audit, publicKeyPem: signer.publicKeyPem, lastHead };
}
