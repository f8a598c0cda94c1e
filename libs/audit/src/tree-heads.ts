import { quoteSchema } from '@ledger/event-store';
import type { SignedTreeHead } from '@ledger/ledger-integrity';
import { migrate, type SqlClient, type SqlExecutor } from '@ledger/sql';

export interface StoredTreeHead extends SignedTreeHead {
  keyId: string;
}

interface HeadRow {
  tree_size: bigint;
  root_hash: string;
  signed_at: string;
  signature: string;
  key_id: string;
}

const PREPARED = { prepare: true } as const;
const COLUMNS = 'tree_size, root_hash, signed_at, signature, key_id';

/**
 * The signed tree heads, in `<schema>.tree_heads`. They are history, not a read model: a rebuild of the Merkle log
 * never rewrites them (a head already signed for a size stays), so a log rebuilt from altered events no longer
 * matches them.
 */
export class TreeHeads {
  private readonly table: string;

  private readonly keys: string;

  constructor(
    private readonly sql: SqlClient,
    schema: string,
  ) {
    this.table = `${quoteSchema(schema)}.tree_heads`;
    this.keys = `${quoteSchema(schema)}.tree_head_keys`;
  }

  migrate(): Promise<void> {
    return migrate(this.sql, [
      `CREATE SCHEMA IF NOT EXISTS ${this.table.split('.')[0]}`,
      // The signed text is kept as signed: timestamps as strings, hashes as hex.
      `CREATE TABLE IF NOT EXISTS ${this.table} (
        tree_size bigint PRIMARY KEY,
        root_hash text NOT NULL,
        signed_at text NOT NULL,
        signature text NOT NULL,
        key_id text NOT NULL,
        stored_at timestamptz NOT NULL DEFAULT now()
      )`,
      // Every key that ever signed a head stays listed, so old heads can still be checked after a key change.
      `CREATE TABLE IF NOT EXISTS ${this.keys} (
        key_id text PRIMARY KEY,
        public_key_pem text NOT NULL,
        first_used_at timestamptz NOT NULL DEFAULT now()
      )`,
    ]);
  }

  /** Lists a signing key's public half (idempotent). */
  async publishKey(keyId: string, publicKeyPem: string): Promise<void> {
    await this.sql.query(
      `INSERT INTO ${this.keys} (key_id, public_key_pem) VALUES ($1, $2) ON CONFLICT (key_id) DO NOTHING`,
      [keyId, publicKeyPem],
    );
  }

  /** The public keys of every key that signed heads here, by key id. */
  async publishedKeys(): Promise<Map<string, string>> {
    const { rows } = await this.sql.query<{ key_id: string; public_key_pem: string }>(
      `SELECT key_id, public_key_pem FROM ${this.keys} ORDER BY first_used_at`,
    );
    return new Map(rows.map((row) => [row.key_id, row.public_key_pem]));
  }

  /** Stores a head unless one of that size exists; whether it was stored. */
  async add(tx: SqlExecutor, head: StoredTreeHead): Promise<boolean> {
    const { rows } = await tx.query(
      `INSERT INTO ${this.table} (${COLUMNS}) VALUES ($1, $2, $3, $4, $5)
       ON CONFLICT (tree_size) DO NOTHING RETURNING tree_size`,
      [head.treeSize, head.rootHash, head.timestamp, head.signature, head.keyId],
      PREPARED,
    );
    return rows.length > 0;
  }

  /** The newest head; pass the transaction when calling from inside one (PGlite has a single connection). */
  async latest(executor: SqlExecutor = this.sql): Promise<StoredTreeHead | undefined> {
    const { rows } = await executor.query<HeadRow>(
      `SELECT ${COLUMNS} FROM ${this.table} ORDER BY tree_size DESC LIMIT 1`,
      [],
      PREPARED,
    );
    return rows[0] && toHead(rows[0]);
  }

  async bySize(treeSize: number): Promise<StoredTreeHead | undefined> {
    const { rows } = await this.sql.query<HeadRow>(
      `SELECT ${COLUMNS} FROM ${this.table} WHERE tree_size = $1`,
      [treeSize],
      PREPARED,
    );
    return rows[0] && toHead(rows[0]);
  }

  /** Every head, smallest first. */
  async all(): Promise<StoredTreeHead[]> {
    const { rows } = await this.sql.query<HeadRow>(`SELECT ${COLUMNS} FROM ${this.table} ORDER BY tree_size`);
    return rows.map(toHead);
  }
}

function toHead(row: HeadRow): StoredTreeHead {
  return {
    treeSize: Number(row.tree_size),
    rootHash: row.root_hash,
    timestamp: row.signed_at,
    signature: row.signature,
    keyId: row.key_id,
  };
}
