import { applyDecorators } from '@nestjs/common';
import { ApiResponse, type OpenAPIObject, type ReferenceObject, type SchemaObject } from '@nestjs/swagger';
import { API_VERSION, API_VERSION_HEADER } from './api-version.js';
import { HEADERS, IDEMPOTENCY_KEY, PARAMETERS, PROBLEM, SHARED_SCHEMAS, SHARED_HEADER_NAMES, VALIDATION_PROBLEM } from './openapi-components.js';

/** The problem+json body every error response has (RFC 9457): the shared component (openapi-components.ts). */
export const ProblemResponseSchema: ReferenceObject = { $ref: `#/components/schemas/${PROBLEM}` };

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

/** A cursor page of `items` of the given schema: the shared `Page` with its items typed. */
export function pageSchema(itemRef: string): SchemaObject {
  return {
    allOf: [
      { $ref: '#/components/schemas/Page' },
      { type: 'object', properties: { items: { type: 'array', items: { $ref: `#/components/schemas/${itemRef}` } } } },
    ],
  };
}

/**
 * Schemas that are no class (a discriminated union, say), registered by the module that owns them and added to
 * `components.schemas` when the document is built.
 */
export const EXTRA_SCHEMAS = new Map<string, SchemaObject>();
export const registerSchemas = (schemas: Record<string, SchemaObject>): void => {
  for (const [name, schema] of Object.entries(schemas)) EXTRA_SCHEMAS.set(name, schema);
};

type Method = 'get' | 'put' | 'post' | 'delete' | 'patch';
interface Response {
  description: string;
  headers?: Record<string, unknown>;
  content?: Record<string, { schema?: unknown }>;
}
interface Operation {
  responses: Record<string, Response>;
  requestBody?: unknown;
  parameters?: Array<{ name?: string; in?: string; required?: boolean; $ref?: string }>;
  security?: unknown[];
}
interface Convention {
  status: string;
  description: string;
  when: (context: { method: Method; writes: boolean; secured: boolean; conditional: boolean; conditionRequired: boolean; household: boolean }) => boolean;
  headers?: string[];
}

/** The `headers` of a success that carries the resource's version as its ETag (the shared header component). */
export const ETAG_HEADER = { ETag: { schema: { type: 'string' as const } } };

/** Statuses an operation can answer whatever its handler does, with what they mean. */
const CONVENTION_RESPONSES: Convention[] = [
  // any method: a body sent with a GET or DELETE is parsed (and refused) like any other
  { status: '400', description: DESCRIPTIONS[400]!, when: () => true },
  { status: '401', description: DESCRIPTIONS[401]!, when: (c) => c.secured, headers: ['WWW-Authenticate'] },
  { status: '403', description: 'Your role, or your API client\'s scopes, do not allow this.', when: (c) => c.secured },
  { status: '404', description: 'No such resource or route (paths do not end in "/").', when: () => true },
  {
    status: '409',
    description:
      'Conflicts with the current state — on a household\'s data also a restriction of processing (AVG art. 18: `MEMBER_RESTRICTED`, ' +
      '`HOUSEHOLD_RESTRICTED`) — or the first request with this Idempotency-Key is still running.',
    // a restriction is enforced by the database on every write of the member's or household's rows (docs/PRIVACY.md)
    when: (c) => c.secured && (c.method === 'post' || (c.household && ['put', 'patch', 'delete'].includes(c.method))),
  },
  { status: '412', description: DESCRIPTIONS[412]!, when: (c) => c.conditional },
  { status: '413', description: 'The request body is too large (on any method: a body sent with GET or DELETE is read as well).', when: () => true },
  { status: '415', description: 'The request body is not JSON (on any method that sends one).', when: () => true },
  {
    status: '422',
    description: 'Well-formed, but against a rule of the data (a date outside its range, a BSN failing the 11-test), or an Idempotency-Key used for another request.',
    when: (c) => c.secured && c.writes,
  },
  { status: '428', description: DESCRIPTIONS[428]!, when: (c) => c.conditionRequired },
  { status: '431', description: 'The request headers or the URL are too long (16 kB at most together); refused before the API reads the request, so the detail is in Dutch and English both.', when: () => true },
  { status: '429', description: 'Too many requests: wait the seconds in `Retry-After`.', when: () => true, headers: ['Retry-After'] },
  { status: '500', description: 'An unexpected error; quote `requestId` when you report it.', when: () => true },
  { status: '503', description: 'The service or its database is unavailable for a moment: retry after `Retry-After` seconds.', when: () => true, headers: ['Retry-After'] },
];

const headerRef = (name: string) => ({ $ref: `#/components/headers/${name}` });
const problemContent = (status: string) => ({ 'application/problem+json': { schema: { $ref: `#/components/schemas/${status === '400' ? VALIDATION_PROBLEM : PROBLEM}` } } });

/**
 * HTTP conventions no controller declares itself, added to the generated document in one place: the shared
 * problem schemas and headers (`$ref`s, never inlined), the statuses the platform answers on any operation (400 for
 * parameters and bodies, 401/403 on secured routes, 404, 413/415 for bodies (on any method: a GET may carry one), 409/422 for `Idempotency-Key`,
 * 412/428 for `If-Match`, 429, 500, 503), the `Idempotency-Key` header on every authenticated POST, and the headers
 * of every success (`API-Version`, `RateLimit-*`, `Idempotent-Replayed`). A method a path does not support is a
 * 405 with `Allow`, described in `info` since OpenAPI has no operation to hang it on.
 */
export function applyHttpConventions(document: OpenAPIObject): OpenAPIObject {
  document.info.version = API_VERSION;
  document.info.description =
    `${document.info.description ?? ''} Every response carries \`${API_VERSION_HEADER}\` (the semantic version of this API). ` +
    'A method a path does not support is answered 405 with an `Allow` header; a path with a trailing slash is 404. ' +
    'Problem texts are Dutch unless `Accept-Language` prefers English (the `AcceptLanguage` parameter component, accepted on every ' +
    'operation); every problem names its language in `Content-Language`.';
  document.components ??= {};
  document.components.schemas = { ...document.components.schemas, ...SHARED_SCHEMAS };
  document.components.headers = { ...document.components.headers, ...HEADERS };
  document.components.parameters = { ...document.components.parameters, ...PARAMETERS };
  for (const [path, item] of Object.entries(document.paths)) {
    for (const [method, value] of Object.entries(item) as Array<[Method, Operation]>) {
      if (!value || typeof value !== 'object' || !('responses' in value)) continue;
      const operation = value;
      const context = {
        method,
        writes: ['post', 'put', 'patch'].includes(method),
        secured: (operation.security?.length ?? 0) > 0,
        conditional: (operation.parameters ?? []).some((p) => p.in === 'header' && p.name === 'If-Match'),
        conditionRequired: (operation.parameters ?? []).some((p) => p.in === 'header' && p.name === 'If-Match' && p.required === true),
        // paths still carry the global prefix here (the servers entry takes it over later)
        household: /^(\/api\/v1)?\/households\/\{householdId\}/.test(path),
      };
      const rateLimited = !path.startsWith('/health') && path !== '/metrics';
      if (context.secured && method === 'post') operation.parameters = [...(operation.parameters ?? []), { $ref: `#/components/parameters/${IDEMPOTENCY_KEY}` }];
      for (const convention of CONVENTION_RESPONSES) {
        if (!operation.responses[convention.status] && convention.when(context)) {
          operation.responses[convention.status] = { description: convention.description };
        }
      }
      for (const [status, response] of Object.entries(operation.responses)) {
        const headers: Record<string, unknown> = {};
        for (const name of Object.keys(response.headers ?? {})) headers[name] = SHARED_HEADER_NAMES.has(name) ? headerRef(name) : response.headers![name];
        // every answer, 431 included (src/common/client-error-answers.ts)
        headers[API_VERSION_HEADER] = headerRef(API_VERSION_HEADER);
        const convention = CONVENTION_RESPONSES.find((c) => c.status === status);
        for (const name of convention?.headers ?? []) headers[name] = headerRef(name);
        if (status.startsWith('2') && rateLimited) {
          headers['RateLimit-Limit'] = headerRef('RateLimit-Limit');
          headers['RateLimit-Remaining'] = headerRef('RateLimit-Remaining');
        }
        if (status.startsWith('2') && context.secured && method === 'post') headers['Idempotent-Replayed'] = headerRef('Idempotent-Replayed');
        // every create says where its resource is (setLocation in each route)
        if (status === '201') headers.Location = headerRef('Location');
        // a replay refused because the first answer showed a secret (IDEMPOTENCY_SECRET_NOT_REPLAYED) says what was made
        if (status === '409' && context.secured && method === 'post' && operation.responses['201']) {
          headers.Location = headerRef('Replay-Location');
        }
        response.headers = headers;
        // every error is problem+json with the shared schema (400: the validation problem with its `errors`), in the negotiated language
        if (/^[45]/.test(status)) {
          headers['Content-Language'] = headerRef('Content-Language');
          response.content = problemContent(status);
        }
      }
    }
  }
  return document;
}
