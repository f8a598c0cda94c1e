import { type DynamicModule, Module } from '@nestjs/common';
import { APP_GUARD } from '@nestjs/core';
import { readFile } from 'node:fs/promises';
import type { LedgerConfig } from '@ledger/config';
import { ActorRateLimitGuard, AddressRateLimitGuard, rateLimitModule } from '../security/rate-limits.js';
import { AuthGuard, createTokenVerifier, ensureDevSigningKey, TOKEN_VERIFIER } from '@ledger/auth';
import { AgencyRegister } from '../reference-data/agency-register.js';

/** Public key that verifies bearer tokens: the configured one, else the embedded default's own. */
export async function verificationKey(config: LedgerConfig): Promise<string> {
  if (config.auth.publicKeyFile) return readFile(config.auth.publicKeyFile, 'utf8');
  return (await ensureDevSigningKey(config.dataDir)).publicKeyPem;
}

@Module({})
export class AuthModule {
  static register(config: LedgerConfig): DynamicModule {
    return {
      module: AuthModule,
      imports: [rateLimitModule(config)],
      // Guards run in this order: the address budget, the token, the actor's budget.
      providers: [
        { provide: APP_GUARD, useClass: AddressRateLimitGuard },
        {
          provide: TOKEN_VERIFIER,
          inject: [AgencyRegister],
          useFactory: async (register: AgencyRegister) =>
            createTokenVerifier({
              ...(config.auth.oidcIssuer
                ? { oidcIssuer: config.auth.oidcIssuer }
                : { publicKeyPem: await verificationKey(config) }),
              issuer: config.auth.issuer,
              audience: config.auth.audience,
              clockToleranceSeconds: config.auth.clockToleranceSeconds,
              claims: config.auth.claims,
              keySetCooldownMs: config.auth.keySetCooldownSeconds * 1000,
              // A registered agency signs in at once; a retired one no longer does.
              isKnownAgency: async (agencyId) => {
                const { agencies, agency } = await register.find(agencyId);
                return agency !== undefined && !agencies.isRetired(agencyId);
              },
            }),
        },
        { provide: APP_GUARD, useClass: AuthGuard },
        { provide: APP_GUARD, useClass: ActorRateLimitGuard },
      ],
    };
  }
}
