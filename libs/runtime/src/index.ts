export * from './health.js';
export * from './worker-process.js';
