import type { RecordedEvent } from '@ledger/event-store';
import { eventLeafHash, MerkleLog, toHex, type MerkleNode, type TreeHead } from '@ledger/ledger-integrity';
import type { Projection } from '@ledger/read-models';
import type { SqlExecutor } from '@ledger/sql';

export type MerkleTable = 'merkle_leaves' | 'merkle_nodes' | 'merkle_state';

/** Signs a head inside the transaction that stores the leaves it covers. */
export type SignHead = (tx: SqlExecutor, head: TreeHead) => Promise<void>;

const PREPARED = { prepare: true } as const;

/**
 * The RFC 6962 Merkle log over the global order of events, kept incrementally by a projection, so it gets the
 * projector's exactly-once checkpoint, lease, retries and health. Per event it stores the leaf (which event sits at
 * which index) and the perfect subtrees the leaf completes, from which any proof is served in O(log^2 n) reads;
 * `merkle_state` holds the right edge the next batch continues from. Every `headEvery` events it signs a head.
 */
export function merkleLogProjection(options: {
  headEvery: number;
  signHead: SignHead;
}): Projection<MerkleTable> {
  if (!Number.isSafeInteger(options.headEvery) || options.headEvery < 1) {
    throw new RangeError(`headEvery must be a positive integer, got ${options.headEvery}`);
  }
  return {
    name: 'merkle_log',
    version: 1,
    tables: {
      merkle_leaves: (t) => [
        `CREATE TABLE ${t} (
          leaf_index bigint PRIMARY KEY,
          position bigint NOT NULL UNIQUE,
          event_id uuid NOT NULL UNIQUE,
          stream_id text NOT NULL,
          revision bigint NOT NULL
        )`,
      ],
      merkle_nodes: (t) => [
        `CREATE TABLE ${t} (
          level smallint NOT NULL,
          node_index bigint NOT NULL,
          hash bytea NOT NULL,
          PRIMARY KEY (level, node_index)
        )`,
      ],
      merkle_state: (t) => [
        `CREATE TABLE ${t} (
          id int PRIMARY KEY CHECK (id = 1),
          size bigint NOT NULL,
          frontier bytea[] NOT NULL
        )`,
      ],
    },
    async applyBatch(tx, tables, events: readonly RecordedEvent[]) {
      const log = await loadMerkleLog(tx, tables.merkle_state);
      const leaves = { index: [] as number[], position: [] as bigint[], eventId: [] as string[] };
      const streams: string[] = [];
      const revisions: number[] = [];
      const nodes: MerkleNode[] = [];
      const heads: TreeHead[] = [];
      for (const event of events) {
        leaves.index.push(log.size);
        leaves.position.push(event.position);
        leaves.eventId.push(event.eventId);
        streams.push(event.streamId);
        revisions.push(event.revision);
        log.append(eventLeafHash(event), (node) => nodes.push(node));
        if (log.size % options.headEvery === 0) {
          heads.push({
            treeSize: log.size,
            rootHash: toHex(log.root()),
            timestamp: new Date().toISOString(),
          });
        }
      }
      await tx.query(
        `INSERT INTO ${tables.merkle_leaves} (leaf_index, position, event_id, stream_id, revision)
         SELECT * FROM unnest($1::bigint[], $2::bigint[], $3::uuid[], $4::text[], $5::bigint[])`,
        [leaves.index, leaves.position, leaves.eventId, streams, revisions],
        PREPARED,
      );
      await tx.query(
        `INSERT INTO ${tables.merkle_nodes} (level, node_index, hash)
         SELECT * FROM unnest($1::smallint[], $2::bigint[], $3::bytea[])`,
        [nodes.map((n) => n.level), nodes.map((n) => n.index), nodes.map((n) => n.hash)],
        PREPARED,
      );
      const state = log.toJSON();
      await tx.query(
        `INSERT INTO ${tables.merkle_state} (id, size, frontier) VALUES (1, $1, $2::bytea[])
         ON CONFLICT (id) DO UPDATE SET size = excluded.size, frontier = excluded.frontier`,
        [state.size, state.frontier.map((hex) => Buffer.from(hex, 'hex'))],
        PREPARED,
      );
      for (const head of heads) await options.signHead(tx, head);
    },
  };
}

/** The log as the last committed batch left it, from a `merkle_state` table or view. */
export async function loadMerkleLog(tx: SqlExecutor, stateTable: string): Promise<MerkleLog> {
  const { rows } = await tx.query<{ size: bigint; frontier: Uint8Array[] }>(
    `SELECT size, frontier FROM ${stateTable} WHERE id = 1`,
    [],
    PREPARED,
  );
  const row = rows[0];
  if (!row) return new MerkleLog();
  return MerkleLog.restore({
    size: Number(row.size),
    frontier: row.frontier.map((hash) => Buffer.from(hash).toString('hex')),
  });
}
