import { quoteSchema } from '@ledger/event-store';
import {
  consistencyProof,
  inclusionProof,
  nodeKey,
  toHex,
  withStoredNodes,
  type NodeRef,
} from '@ledger/ledger-integrity';
import type { SqlClient } from '@ledger/sql';

/** Where an event sits in the Merkle log. */
export interface MerkleLeaf {
  leafIndex: number;
  position: bigint;
  eventId: string;
  streamId: string;
  revision: number;
  leafHash: string;
}

interface LeafRow {
  leaf_index: bigint;
  position: bigint;
  event_id: string;
  stream_id: string;
  revision: bigint;
  hash: Uint8Array;
}

const PREPARED = { prepare: true } as const;

/** Proofs served from the stored Merkle nodes of the active generation of the merkle_log projection. */
export class MerkleProofs {
  private readonly s: string;

  constructor(
    private readonly sql: SqlClient,
    schema: string,
  ) {
    this.s = quoteSchema(schema);
  }

  /** How many events the Merkle log holds. */
  async size(): Promise<number> {
    const { rows } = await this.sql.query<{ size: bigint }>(
      `SELECT coalesce((SELECT size FROM ${this.s}.merkle_state WHERE id = 1), 0) AS size`,
      [],
      PREPARED,
    );
    return Number(rows[0]?.size ?? 0);
  }

  async leafOf(eventId: string): Promise<MerkleLeaf | undefined> {
    const { rows } = await this.sql.query<LeafRow>(
      `SELECT l.leaf_index, l.position, l.event_id, l.stream_id, l.revision, n.hash
       FROM ${this.s}.merkle_leaves l JOIN ${this.s}.merkle_nodes n ON n.level = 0 AND n.node_index = l.leaf_index
       WHERE l.event_id = $1`,
      [eventId],
      PREPARED,
    );
    return rows[0] && toLeaf(rows[0]);
  }

  /** The leaves with index in [from, from + count), in order. */
  async leaves(from: number, count: number): Promise<MerkleLeaf[]> {
    const { rows } = await this.sql.query<LeafRow>(
      `SELECT l.leaf_index, l.position, l.event_id, l.stream_id, l.revision, n.hash
       FROM ${this.s}.merkle_leaves l JOIN ${this.s}.merkle_nodes n ON n.level = 0 AND n.node_index = l.leaf_index
       WHERE l.leaf_index >= $1 AND l.leaf_index < $2 ORDER BY l.leaf_index`,
      [from, from + count],
      PREPARED,
    );
    return rows.map(toLeaf);
  }

  /** The audit path of leaf `leafIndex` in the tree of the first `treeSize` leaves, leaf upwards, as hex. */
  async inclusion(leafIndex: number, treeSize: number): Promise<string[]> {
    await this.assertCovered(treeSize);
    const proof = await withStoredNodes((source) => inclusionProof(source, leafIndex, treeSize), this.fetch);
    return proof.map(toHex);
  }

  /** The RFC 6962 consistency proof from the tree of `oldSize` leaves to that of `newSize`, as hex. */
  async consistency(oldSize: number, newSize: number): Promise<string[]> {
    await this.assertCovered(newSize);
    const proof = await withStoredNodes((source) => consistencyProof(source, oldSize, newSize), this.fetch);
    return proof.map(toHex);
  }

  private async assertCovered(treeSize: number): Promise<void> {
    const size = await this.size();
    if (treeSize > size) throw new RangeError(`the Merkle log holds ${size} events, fewer than ${treeSize}`);
  }

  private readonly fetch = async (nodes: readonly NodeRef[]): Promise<Map<string, Uint8Array>> => {
    const { rows } = await this.sql.query<{ level: number; node_index: bigint; hash: Uint8Array }>(
      `SELECT n.level, n.node_index, n.hash FROM ${this.s}.merkle_nodes n
       JOIN unnest($1::smallint[], $2::bigint[]) AS wanted(level, node_index)
         ON n.level = wanted.level AND n.node_index = wanted.node_index`,
      [nodes.map((n) => n.level), nodes.map((n) => n.index)],
      PREPARED,
    );
    return new Map(
      rows.map((row) => [
        nodeKey({ level: row.level, index: Number(row.node_index) }),
        Buffer.from(row.hash),
      ]),
    );
  };
}

function toLeaf(row: LeafRow): MerkleLeaf {
  return {
    leafIndex: Number(row.leaf_index),
    position: row.position,
    eventId: row.event_id,
    streamId: row.stream_id,
    revision: Number(row.revision),
    leafHash: Buffer.from(row.hash).toString('hex'),
  };
}
