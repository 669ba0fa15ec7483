import { applyDecorators } from '@nestjs/common';
import { ApiResponse, type SchemaObject } from '@nestjs/swagger';

/** The problem+json body every error response has (RFC 9457). */
export const ProblemResponseSchema: SchemaObject = {
  type: 'object',
  required: ['type', 'title', 'status', 'detail', 'code'],
  properties: {
    type: { type: 'string', format: 'uri', example: 'https://eenplan.nl/problems/precondition-failed' },
    title: { type: 'string' },
    status: { type: 'integer' },
    detail: { type: 'string', description: 'What happened and what you can do about it.' },
    instance: { type: 'string' },
    code: { type: 'string', description: 'Stable error code.' },
    requestId: { type: 'string' },
    errors: {
      type: 'array',
      description: 'For validation errors: the offending fields.',
      items: { type: 'object', properties: { field: { type: 'string' }, messages: { type: 'array', items: { type: 'string' } } } },
    },
  },
};

const DESCRIPTIONS: Record<number, string> = {
  400: 'Invalid input; `errors` lists the fields.',
  401: 'Missing, invalid or expired bearer token.',
  403: 'Your role does not allow this.',
  404: 'Does not exist, or you are not involved with it.',
  409: 'Conflicts with the current state.',
  412: 'If-Match does not match the current version: read again and retry.',
  422: 'A value breaks a rule of the data model.',
  428: 'If-Match header required.',
};

/** Documents the error responses of an operation, all as application/problem+json. */
export const ApiProblems = (...statuses: number[]) =>
  applyDecorators(
    ...[401, ...statuses].map((status) =>
      ApiResponse({ status, description: DESCRIPTIONS[status] ?? 'Error', content: { 'application/problem+json': { schema: ProblemResponseSchema } } }),
    ),
  );

/** A cursor page of `items` of the given DTO schema. */
export function pageSchema(itemRef: string): SchemaObject {
  return {
    type: 'object',
    required: ['items', 'nextCursor'],
    properties: {
      items: { type: 'array', items: { $ref: `#/components/schemas/${itemRef}` } },
      nextCursor: { type: 'string', nullable: true, description: 'Pass as `cursor` for the next page; null on the last page.' },
    },
  };
}
