import { Module } from '@nestjs/common';
import { LEDGER_CONFIG, type LedgerConfig } from '@ledger/config';
import type { Projector } from '@ledger/read-models';
import { MERKLE_PROJECTOR } from '../infrastructure/projections/projections.module.js';
import { ReadYourWrites } from '../infrastructure/projections/read-your-writes.js';
import { GetAccessLogHandler } from './get-access-log/get-access-log.handler.js';
import { GetAccessLogHttpController } from './get-access-log/get-access-log.http.controller.js';
import { GetConsistencyProofHandler } from './get-consistency-proof/get-consistency-proof.handler.js';
import { GetConsistencyProofHttpController } from './get-consistency-proof/get-consistency-proof.http.controller.js';
import { GetInclusionProofHandler } from './get-inclusion-proof/get-inclusion-proof.handler.js';
import { GetInclusionProofHttpController } from './get-inclusion-proof/get-inclusion-proof.http.controller.js';
import { GetPublicKeyHandler } from './get-public-key/get-public-key.handler.js';
import { GetPublicKeyHttpController } from './get-public-key/get-public-key.http.controller.js';
import { GetTreeHeadHandler } from './get-tree-head/get-tree-head.handler.js';
import { GetTreeHeadHttpController } from './get-tree-head/get-tree-head.http.controller.js';
import { MERKLE_READ_YOUR_WRITES } from './merkle-read-your-writes.js';

/**
 * The tamper-evident side for auditors: the signing key, signed tree heads, inclusion and consistency proofs, and the
 * access log.
 */
@Module({
  controllers: [
    GetPublicKeyHttpController,
    GetTreeHeadHttpController,
    GetInclusionProofHttpController,
    GetConsistencyProofHttpController,
    GetAccessLogHttpController,
  ],
  providers: [
    GetPublicKeyHandler,
    GetTreeHeadHandler,
    GetInclusionProofHandler,
    GetConsistencyProofHandler,
    GetAccessLogHandler,
    {
      provide: MERKLE_READ_YOUR_WRITES,
      inject: [MERKLE_PROJECTOR, LEDGER_CONFIG],
      useFactory: (projector: Projector, config: LedgerConfig) =>
        new ReadYourWrites(projector, config.projector.readYourWritesTimeoutMs),
    },
  ],
})
export class AuditModule {}
