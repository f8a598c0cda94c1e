import { Command } from '@nestjs/cqrs';
import type { Actor } from '@ledger/auth';

export interface RebuildStarted {
  projection: string;
  status: 'rebuilding';
  fromGeneration: number;
}

export class RebuildProjectionCommand extends Command<RebuildStarted> {
  constructor(
    readonly actor: Actor,
    readonly projection: string,
  ) {
    super();
  }
}
