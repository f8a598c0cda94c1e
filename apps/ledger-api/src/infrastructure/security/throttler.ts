// @nestjs/throttler is CommonJS and require()s the ESM-only @nestjs/common and @nestjs/core. Loading it once
// both have been evaluated keeps that require() out of a module cycle, which Node and Jest's ESM runtime refuse.
import '@nestjs/common';
import '@nestjs/core';

const throttler = await import('@nestjs/throttler');

export const { ThrottlerGuard, ThrottlerModule } = throttler;
import type { ThrottlerStorage } from '@nestjs/throttler';

export type { ThrottlerLimitDetail, ThrottlerStorage } from '@nestjs/throttler';
/** What a storage answers for a hit (the package does not export the type by name). */
export type ThrottlerStorageRecord = Awaited<ReturnType<ThrottlerStorage['increment']>>;
