import { applyDecorators, HttpCode, HttpStatus } from '@nestjs/common';
import { ApiHeader, ApiOperation, ApiResponse } from '@nestjs/swagger';

const RESULT_EXAMPLE = {
  streamId: 'operation-sihanoukville-2022-09',
  revision: 4,
  position: '3149824',
  eventIds: ['0192f7a0-7c1e-7a51-b1a4-6f0c8f3b2d10'],
};

/** Documents what every command answers, so each controller states only its summary. */
export const CommandEndpoint = (summary: string, description?: string): MethodDecorator =>
  applyDecorators(
    HttpCode(HttpStatus.CREATED),
    ApiOperation({ summary, ...(description ? { description } : {}) }),
    ApiHeader({
      name: 'Idempotency-Key',
      required: false,
      description: 'A retry with the same key returns the first answer',
    }),
    ApiHeader({
      name: 'If-Match',
      required: false,
      description: 'Expected stream revision, e.g. "3"; a mismatch answers 409',
    }),
    ApiResponse({
      status: 201,
      description: 'Recorded: the stream revision and global position',
      schema: { example: RESULT_EXAMPLE },
    }),
    ApiResponse({ status: 400, description: 'Invalid input, field by field' }),
    ApiResponse({ status: 401, description: 'Missing or invalid bearer token' }),
    ApiResponse({
      status: 403,
      description: 'The role may not do this, or the agency takes no part in the record',
    }),
    ApiResponse({ status: 404, description: 'Unknown aggregate' }),
    ApiResponse({ status: 409, description: 'Revision conflict; carries the current revision' }),
    ApiResponse({ status: 422, description: 'A rule refused it; names the rule' }),
  );
