// @nestjs/throttler is CommonJS and require()s the ESM-only @nestjs/common and @nestjs/core. Loading it once
// both have been evaluated keeps that require() out of a module cycle, which Node and Jest's ESM runtime refuse.
import '@nestjs/common';
import '@nestjs/core';

const throttler = await import('@nestjs/throttler');

export const { ThrottlerGuard, ThrottlerModule } = throttler;
export type { ThrottlerLimitDetail, ThrottlerRequest, ThrottlerStorage } from '@nestjs/throttler';
export type ThrottlerStorageRecord = Awaited<
  ReturnType<import('@nestjs/throttler').ThrottlerStorage['increment']>
>;
