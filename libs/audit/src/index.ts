export * from './audit-log.js';
export * from './merkle-log.projection.js';
export * from './merkle-proofs.js';
export * from './signing-key.js';
export * from './tree-heads.js';
