export * from './access.js';
export * from './tokens.js';
export * from './auth.guard.js';
