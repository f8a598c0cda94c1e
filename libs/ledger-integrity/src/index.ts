export * from './canonical-json.js';
export * from './hash-chain.js';
export * from './merkle.js';
export * from './tree-head.js';
export * from './merkle-leaf.js';
export * from './stored-nodes.js';
export * from './log-verifier.js';
export * from './export-line.js';
