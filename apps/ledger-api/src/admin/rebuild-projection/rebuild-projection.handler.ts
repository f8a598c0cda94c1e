import { ConflictException, Inject, Logger } from '@nestjs/common';
import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { Permission, requireAccess } from '@ledger/auth';
import { AggregateNotFoundError } from '@ledger/domain';
import type { Projector } from '@ledger/read-models';
import { PROJECTORS } from '../../infrastructure/projections/projections.module.js';
import { RebuildProjectionCommand, type RebuildStarted } from './rebuild-projection.command.js';

/** Starts a rebuild into new tables and answers at once; progress goes to the log and to GET /admin/projections. */
@CommandHandler(RebuildProjectionCommand)
export class RebuildProjectionHandler implements ICommandHandler<RebuildProjectionCommand> {
  private readonly logger = new Logger('Rebuild');

  constructor(@Inject(PROJECTORS) private readonly projectors: readonly Projector[]) {}

  async execute({ actor, projection }: RebuildProjectionCommand): Promise<RebuildStarted> {
    requireAccess({ actor, permission: Permission.ProjectionsManage });
    const projector = this.projectors.find((candidate) => candidate.name === projection);
    if (!projector) throw new AggregateNotFoundError('projection', projection);
    const state = await projector.status();
    if (state.status === 'rebuilding')
      throw new ConflictException(`projection ${projection} is already rebuilding`);
    // In the background: the projector logs its progress and the switch-over; GET /admin/projections shows it.
    projector
      .rebuild()
      .catch((error: Error) => this.logger.error(`${projection} rebuild failed: ${error.message}`));
    return { projection, status: 'rebuilding', fromGeneration: state.generation };
  }
}
