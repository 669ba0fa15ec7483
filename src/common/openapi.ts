import { applyDecorators } from '@nestjs/common';
import { ApiResponse, type OpenAPIObject, type SchemaObject } from '@nestjs/swagger';
import { API_VERSION, API_VERSION_HEADER } from './api-version.js';

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
  412: 'If-Match does not match the current version (a stale, weak, unparseable or unknown ETag, or more than one): read again and retry with its ETag.',
  422: 'A value breaks a rule of the data model.',
  428: 'If-Match header missing (or `*`): send the ETag you last read.',
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

const problemContent = { 'application/problem+json': { schema: ProblemResponseSchema } };
const API_VERSION_REF = { $ref: `#/components/headers/${API_VERSION_HEADER}` };

/** Statuses every operation can answer whatever its handler does, with what they mean. */
const CONVENTION_RESPONSES: Array<{ status: string; description: string; when: (method: string, hasBody: boolean) => boolean }> = [
  { status: '400', description: DESCRIPTIONS[400]!, when: (_m, hasBody) => hasBody },
  { status: '404', description: 'No such resource or route (paths do not end in "/").', when: () => true },
  { status: '413', description: 'The request body is too large.', when: (_m, hasBody) => hasBody },
  { status: '415', description: 'The request body is not JSON.', when: (_m, hasBody) => hasBody },
  { status: '429', description: 'Too many requests: wait the seconds in `Retry-After`.', when: () => true },
];

/**
 * HTTP conventions no controller declares itself, added to the generated document in one place: the `API-Version`
 * header on every response (a shared component), and the problem+json statuses the platform answers on any
 * operation (404 for unknown paths, 413/415 for bodies, 429 for rate limits). A method a path does not support is
 * a 405 with `Allow`, described in `info` since OpenAPI has no operation to hang it on.
 */
export function applyHttpConventions(document: OpenAPIObject): OpenAPIObject {
  document.info.version = API_VERSION;
  document.info.description =
    `${document.info.description ?? ''} Every response carries \`${API_VERSION_HEADER}\` (the semantic version of this API). ` +
    'A method a path does not support is answered 405 with an `Allow` header; a path with a trailing slash is 404.';
  document.components ??= {};
  document.components.headers = {
    ...document.components.headers,
    [API_VERSION_HEADER]: { description: 'The semantic version of the API that answered.', schema: { type: 'string', example: API_VERSION } },
  };
  for (const item of Object.values(document.paths)) {
    for (const [method, value] of Object.entries(item) as Array<[string, unknown]>) {
      if (!value || typeof value !== 'object' || !('responses' in value)) continue;
      const operation = value as { responses: Record<string, { description: string; headers?: Record<string, unknown>; content?: unknown }>; requestBody?: unknown };
      const responses = operation.responses;
      const hasBody = operation.requestBody !== undefined;
      for (const convention of CONVENTION_RESPONSES) {
        if (!responses[convention.status] && convention.when(method, hasBody)) {
          responses[convention.status] = { description: convention.description, content: problemContent };
        }
      }
      for (const response of Object.values(responses)) response.headers = { ...response.headers, [API_VERSION_HEADER]: API_VERSION_REF };
    }
  }
  return document;
}
