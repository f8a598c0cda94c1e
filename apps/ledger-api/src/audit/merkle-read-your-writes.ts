/** A `ReadYourWrites` on the merkle_log projector: proofs wait for a command's position like statistics do. */
export const MERKLE_READ_YOUR_WRITES = Symbol.for('ledger.MerkleReadYourWrites');
