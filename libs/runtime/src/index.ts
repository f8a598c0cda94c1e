export * from './health.js';
export * from './worker-process.js';
export * from './redact.js';
