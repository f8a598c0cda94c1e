export * from './env-schema.js';
export * from './ledger-config.js';
export * from './master-keys.js';
