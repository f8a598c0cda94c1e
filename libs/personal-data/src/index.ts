export * from './identity.js';
export * from './identity-vault.js';
export * from './key-wrapper.js';
