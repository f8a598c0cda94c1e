import type { Projector } from '@ledger/read-models';

/** How fresh an answer is: the projection's checkpoint, and whether it reached what was asked. */
export interface Consistency {
  checkpoint: string;
  minPosition?: string;
  caughtUp: boolean;
}

/**
 * A command answers with its global position; a query that passes it as `minPosition` waits,
 * for a bounded time, until the projection has applied it. A wait that times out still answers,
 * saying plainly that the figures do not include that position yet.
 */
export class ReadYourWrites {
  constructor(
    private readonly projector: Projector,
    private readonly timeoutMs: number,
  ) {}

  async await(minPosition: string | undefined): Promise<Consistency> {
    const caughtUp =
      minPosition === undefined || (await this.projector.waitFor(BigInt(minPosition), this.timeoutMs));
    const { checkpoint } = await this.projector.status();
    return {
      checkpoint: checkpoint.toString(),
      ...(minPosition !== undefined ? { minPosition } : {}),
      caughtUp,
    };
  }
}
