import { quoteSchema } from '@ledger/event-store';
import { toHex } from '@ledger/ledger-integrity';
import type { Projection } from '@ledger/read-models';
import { InterruptiblePause, messageOf, type SqlClient } from '@ledger/sql';
import { loadMerkleLog, merkleLogProjection, type MerkleTable } from './merkle-log.projection.js';
import { MerkleProofs } from './merkle-proofs.js';
import { loadTreeHeadSigner, type TreeHeadSigner } from './signing-key.js';
import { TreeHeads, type StoredTreeHead } from './tree-heads.js';

export interface AuditLogOptions {
  sql: SqlClient;
  schema: string;
  /**
   * The key that signs heads. Only the process that runs the Merkle log projector needs it; a process that only
   * serves heads and proofs (the API with LEDGER_PROJECTOR=external) goes without.
   */
  signer?: TreeHeadSigner;
  /** Sign a head every this many events... */
  headEveryEvents: number;
  /** ...and, when events came in since the last head, every this many seconds. */
  headEverySeconds: number;
  logger?: { log(message: string): void; error(message: string): void };
}

/**
 * The tamper-evident side of the ledger: the Merkle log projection (run it with the projector), the signed tree
 * heads, and the proofs served from them.
 */
export class AuditLog {
  readonly heads: TreeHeads;
  readonly proofs: MerkleProofs;
  readonly projection: Projection<MerkleTable>;
  private readonly s: string;

  constructor(private readonly options: AuditLogOptions) {
    this.s = quoteSchema(options.schema);
    this.heads = new TreeHeads(options.sql, options.schema);
    this.proofs = new MerkleProofs(options.sql, options.schema);
    this.projection = merkleLogProjection({
      headEvery: options.headEveryEvents,
      signHead: async (tx, head) => {
        await this.heads.add(tx, { ...this.signer.sign(head), keyId: this.signer.keyId });
      },
    });
  }

  private get signer(): TreeHeadSigner {
    if (!this.options.signer) {
      throw new Error(
        'this process holds no tree-head signing key: it cannot run the Merkle log (TREE_HEAD_KEY_FILE)',
      );
    }
    return this.options.signer;
  }

  /** The key heads are signed with now: this process's, or the newest one the signing process published. */
  async publicKey(): Promise<{ keyId: string; algorithm: 'Ed25519'; publicKeyPem: string } | undefined> {
    const { signer } = this.options;
    if (signer) return { keyId: signer.keyId, algorithm: 'Ed25519', publicKeyPem: signer.publicKeyPem };
    const newest = [...(await this.heads.publishedKeys())].at(-1);
    return newest && { keyId: newest[0], algorithm: 'Ed25519', publicKeyPem: newest[1] };
  }

  async migrate(): Promise<void> {
    await this.heads.migrate();
    const { signer } = this.options;
    if (signer) await this.heads.publishKey(signer.keyId, signer.publicKeyPem);
  }

  /**
   * Signs a head over everything the Merkle log holds, unless a head of that size exists; the new head, if any.
   * Needs the merkle_log projection's views, which its projector creates.
   */
  async signLatest(): Promise<StoredTreeHead | undefined> {
    return this.options.sql.transaction(async (tx) => {
      const log = await loadMerkleLog(tx, `${this.s}.merkle_state`);
      const latest = await this.heads.latest(tx);
      if (log.size === 0 || (latest && latest.treeSize >= log.size)) return undefined;
      const head = {
        ...this.signer.sign({
          treeSize: log.size,
          rootHash: toHex(log.root()),
          timestamp: new Date().toISOString(),
        }),
        keyId: this.signer.keyId,
      };
      return (await this.heads.add(tx, head)) ? head : undefined;
    });
  }

  /** Signs the latest state every `headEverySeconds` until stopped; a failure is logged and tried again. */
  startHeadTimer(): { stop(): Promise<void> } {
    const pause = new InterruptiblePause();
    let stopped = false;
    const running = (async () => {
      while (!stopped) {
        await pause.wait(this.options.headEverySeconds * 1000);
        if (stopped) break;
        try {
          const head = await this.signLatest();
          if (head) this.options.logger?.log(`signed tree head of size ${head.treeSize}`);
        } catch (err) {
          this.options.logger?.error(`could not sign a tree head: ${messageOf(err)}`);
        }
      }
    })();
    return {
      stop: async () => {
        stopped = true;
        pause.interrupt();
        await running;
      },
    };
  }
}

/** The settings an `AuditLog` is opened with (`LedgerConfig['audit']` has this shape). */
export interface AuditSettings {
  signingKeyFile: string;
  generateSigningKey: boolean;
  headEveryEvents: number;
  headEverySeconds: number;
}

/**
 * Opens the audit log of `schema` and creates its tables. `sign`: this process runs the Merkle log, so it loads
 * (or, on the embedded default, generates) the signing key; a process that only serves heads and proofs does not.
 */
export async function openAuditLog(options: {
  sql: SqlClient;
  schema: string;
  settings: AuditSettings;
  sign: boolean;
  logger: NonNullable<AuditLogOptions['logger']>;
}): Promise<AuditLog> {
  const { settings, logger } = options;
  const signer = options.sign
    ? await loadTreeHeadSigner(settings.signingKeyFile, {
        generate: settings.generateSigningKey,
        log: (message) => logger.log(message),
      })
    : undefined;
  const audit = new AuditLog({
    sql: options.sql,
    schema: options.schema,
    ...(signer && { signer }),
    headEveryEvents: settings.headEveryEvents,
    headEverySeconds: settings.headEverySeconds,
    logger,
  });
  await audit.migrate();
  return audit;
}
