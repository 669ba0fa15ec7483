import type { HeaderObject, ParameterObject, SchemaObject } from '@nestjs/swagger';
import { API_VERSION, API_VERSION_HEADER } from './api-version.js';

/**
 * The parts of the OpenAPI document every operation shares, declared once under `components` and referenced with
 * `$ref`: the problem bodies (RFC 9457), the cursor page, and the headers of the HTTP conventions.
 */

export const ref = (kind: 'schemas' | 'headers' | 'parameters', name: string) => ({ $ref: `#/components/${kind}/${name}` });

export const PROBLEM = 'Problem';
export const VALIDATION_PROBLEM = 'ValidationProblem';

/** A cursor page (`pageSchema` narrows `items` per list). */
export const PAGE_SCHEMA: SchemaObject = {
  type: 'object',
  required: ['items', 'nextCursor'],
  properties: {
    items: { type: 'array', items: {} },
    nextCursor: { type: 'string', nullable: true, description: 'Pass as `cursor` for the next page; null on the last page.' },
  },
};

export const SHARED_SCHEMAS: Record<string, SchemaObject> = {
  Page: PAGE_SCHEMA,
  [PROBLEM]: {
    type: 'object',
    description: 'An error (RFC 9457 problem details). `code` is stable; `title` and `detail` are for people and may change.',
    required: ['type', 'title', 'status', 'detail', 'code'],
    properties: {
      type: { type: 'string', format: 'uri', example: 'https://eenplan.nl/problems/precondition-failed' },
      title: { type: 'string' },
      status: { type: 'integer', minimum: 400, maximum: 599 },
      detail: { type: 'string', description: 'What happened and what you can do about it.' },
      instance: { type: 'string' },
      code: { type: 'string', pattern: '^[A-Z][A-Z0-9_]*$', description: 'Stable error code.' },
      requestId: { type: 'string', description: 'Quote it when you contact support.' },
      errors: { type: 'array', items: ref('schemas', 'FieldProblem') },
      currentVersion: { type: 'integer', minimum: 1, description: 'On 412 PRECONDITION_FAILED: the version the resource has now (read it again before changing it).' },
      requiredScope: { type: 'string', description: "On an API client's 403: the scope the route needs." },
    },
  },
  FieldProblem: {
    type: 'object',
    required: ['field', 'messages'],
    properties: {
      field: { type: 'string', description: 'The offending field: `members[0].dateOfBirth`, a path parameter or a header.' },
      messages: { type: 'array', items: { type: 'string' } },
    },
  },
  [VALIDATION_PROBLEM]: {
    description: 'Invalid input: `errors` lists every offending field with what is wrong with it (absent when the body is not JSON at all).',
    allOf: [ref('schemas', PROBLEM), { type: 'object', properties: { errors: { type: 'array', minItems: 1, items: ref('schemas', 'FieldProblem') } } }],
  },
};

export const HEADERS: Record<string, HeaderObject> = {
  [API_VERSION_HEADER]: { description: 'The semantic version of the API that answered.', schema: { type: 'string', example: API_VERSION } },
  ETag: { description: 'The version of the resource; send it as `If-Match` to change it.', schema: { type: 'string', example: '"3"' } },
  // sent as `Location`; a component of its own because it means something else than a create's Location
  'Replay-Location': {
    description: 'Sent as `Location` on `IDEMPOTENCY_SECRET_NOT_REPLAYED` and `IDEMPOTENCY_SCOPE_CHANGED` (a replay refused): the path of what the first request with this key made.',
    schema: { type: 'string' },
  },
  Location: {
    description:
      'The path of what was created (`/api/v1/…`). Some parts of a case have no address of their own to read: a ' +
      'member, goal, action, care-team link, consent or webhook is read as part of what holds it (the household, its plan, its care team, its ' +
      'organisation\'s webhooks); their address is the one to PATCH or DELETE.',
    schema: { type: 'string' },
  },
  'Idempotent-Replayed': {
    description: '`true` when this is the stored answer to an earlier request with the same `Idempotency-Key`.',
    schema: { type: 'string', enum: ['true'] },
  },
  'RateLimit-Limit': { description: 'Requests allowed per minute.', schema: { type: 'integer' } },
  'RateLimit-Remaining': { description: 'Requests left in the current minute.', schema: { type: 'integer' } },
  'Retry-After': { description: 'Seconds to wait before retrying.', schema: { type: 'integer' } },
  'Content-Language': {
    description: 'The language of a problem\'s `title`, `detail` and `errors[].messages`: `nl` (the default) or `en`, as negotiated from `Accept-Language`.',
    schema: { type: 'string', enum: ['nl', 'en'] },
  },
  'WWW-Authenticate': { description: 'How to authenticate (RFC 6750): `Bearer`, with `error="invalid_token"` or `"insufficient_scope"`.', schema: { type: 'string' } },
};

export const IDEMPOTENCY_KEY = 'IdempotencyKey';
export const ACCEPT_LANGUAGE = 'AcceptLanguage';

export const PARAMETERS: Record<string, ParameterObject> = {
  [ACCEPT_LANGUAGE]: {
    name: 'Accept-Language',
    in: 'header',
    required: false,
    description:
      'The language of problem texts (`title`, `detail`, `errors[].messages`): Dutch (`nl`) unless English (`en`) is preferred. ' +
      'Codes and `type` URIs never change with the language; the answer names its language in `Content-Language`.',
    schema: { type: 'string', example: 'en' },
  },
  [IDEMPOTENCY_KEY]: {
    name: 'Idempotency-Key',
    in: 'header',
    required: false,
    description:
      'Makes a POST safe to retry: the first successful answer is kept for 24 hours and a retry with the same key gets it again ' +
      '(`Idempotent-Replayed: true`) without a second effect. The same key with another request is a 422; while the first is running, a 409.',
    schema: { type: 'string', pattern: '^[\\x21-\\x7e]{1,255}$', example: '5f0c7a52-6a53-4f5e-9a55-2f3c2f8e1d10' },
  },
};

/** Which response header names are shared components (an operation's own description is dropped for the shared one). */
export const SHARED_HEADER_NAMES = new Set(Object.keys(HEADERS));
