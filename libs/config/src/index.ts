export * from './env-schema.js';
export * from './ledger-config.js';
