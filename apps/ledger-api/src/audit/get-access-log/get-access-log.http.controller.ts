import { Controller, Get, Query } from '@nestjs/common';
import { QueryBus } from '@nestjs/cqrs';
import { ApiOperation, ApiResponse, ApiTags } from '@nestjs/swagger';
import { type Actor, CurrentActor } from '@ledger/auth';
import { type AccessLogPage, GetAccessLogQuery } from './get-access-log.query.js';
import { accessLogParamsOf, AccessLogRequestDto, MAX_ACCESS_LOG_DAYS } from './get-access-log.request.dto.js';

const PAGE_EXAMPLE = {
  from: '2022-09-19',
  to: '2022-09-19',
  entries: [
    {
      eventId: '0192f7a0-7c1e-7a51-b1a4-6f0c8f3b2d10',
      position: '3158016',
      time: '2022-09-19T02:14:07.120Z',
      outcome: 'denied',
      actor: { userId: 'analyst@ncct', agencyId: 'ncct', role: 'analyst' },
      address: '203.0.113.7',
      method: 'POST',
      resource: '/operations/sihanoukville-2022-09/raids',
      permission: 'operation.record',
      reason: 'role analyst may not operation.record',
    },
    {
      eventId: '0192f7a0-7d02-7b11-8e0a-2c4d6e8f0a1b',
      position: '3158017',
      time: '2022-09-19T02:14:09.004Z',
      outcome: 'sign-in-failed',
      address: '198.51.100.23',
      method: 'GET',
      resource: '/cases/kh-18-2022-001',
      reason: 'invalid bearer token',
    },
  ],
  truncated: false,
};

@ApiTags('audit')
@Controller('audit')
export class GetAccessLogHttpController {
  constructor(private readonly queries: QueryBus) {}

  @Get('access-log')
  @ApiOperation({
    summary:
      'The access log: accesses to restricted records, denials and failed sign-ins, kept as events in the ledger',
    description:
      `Reads the streams access-<YYYY-MM-DD> of the UTC days from \`from\` to \`to\` (at most ${MAX_ACCESS_LOG_DAYS}), ` +
      'newest entry last. Entries recorded before the request are included. Needs access-log.read (auditor, admin); ' +
      'each read is itself logged.',
  })
  @ApiResponse({ status: 200, description: 'The entries, oldest first', schema: { example: PAGE_EXAMPLE } })
  @ApiResponse({
    status: 400,
    description: `A malformed date, outcome, agency or limit, to before from, or more than ${MAX_ACCESS_LOG_DAYS} days`,
  })
  @ApiResponse({ status: 403, description: 'The role may not read the access log' })
  accessLog(@CurrentActor() actor: Actor, @Query() query: AccessLogRequestDto): Promise<AccessLogPage> {
    return this.queries.execute(new GetAccessLogQuery(actor, accessLogParamsOf(query)));
  }
}
