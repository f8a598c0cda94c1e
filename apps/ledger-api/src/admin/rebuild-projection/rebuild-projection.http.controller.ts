import { Controller, HttpCode, HttpStatus, Param, Post } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { ApiOperation, ApiParam, ApiTags } from '@nestjs/swagger';
import { type Actor, CurrentActor } from '@ledger/auth';
import { RebuildProjectionCommand, type RebuildStarted } from './rebuild-projection.command.js';

@ApiTags('admin')
@Controller('admin/projections')
export class RebuildProjectionHttpController {
  constructor(private readonly commands: CommandBus) {}

  @Post(':projection/rebuild')
  @HttpCode(HttpStatus.ACCEPTED)
  @ApiOperation({
    summary: 'Rebuild a projection from position 0 into new tables, then switch over atomically (admin)',
  })
  @ApiParam({ name: 'projection', example: 'statistics' })
  rebuild(@CurrentActor() actor: Actor, @Param('projection') projection: string): Promise<RebuildStarted> {
    return this.commands.execute(new RebuildProjectionCommand(actor, projection));
  }
}
