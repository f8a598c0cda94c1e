export * from './canonical-json.js';
export * from './hash-chain.js';
export * from './merkle.js';
export * from './tree-head.js';
