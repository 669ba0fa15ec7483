import { isUtf8 } from 'node:buffer';
import type { NextFunction, Request, Response } from 'express';
import { Injectable, type CanActivate, type ExecutionContext } from '@nestjs/common';
import { CommonErrors, DomainError } from './domain-error.js';
import type { Text } from './language.js';
import { BODY_NOT_UTF8, HttpErrors } from './http-errors.js';

/**
 * Text PostgreSQL cannot store, or would store as something else: NUL (U+0000) is refused by every text column
 * (SQLSTATE 22021, which would be a 500), and an unpaired UTF-16 surrogate (JSON allows `"\ud800"`) would be
 * silently replaced by U+FFFD on the way to UTF-8. Both are refused up front with a 400 naming the field, for
 * every route at once — nothing is stripped, because silently changing what a person wrote is worse.
 */
// eslint-disable-next-line no-control-regex -- finding NUL is the point
const UNREADABLE = /\u0000|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

/** Whether PostgreSQL stores this text as it is (no NUL, no unpaired surrogate). */
export function isStorableText(value: string): boolean {
  return !UNREADABLE.test(value);
}

/** Property names are echoed in the answer only when they look like ours; anything else might be personal. */
const SAFE_KEY = /^[A-Za-z][A-Za-z0-9_-]{0,63}$/;

const MESSAGE: Text = {
  nl: 'moet tekst zijn zonder NUL-tekens (U+0000) of ongepaarde surrogaten',
  en: 'must be text without NUL (U+0000) characters or unpaired surrogates',
};

/** Where the text was found, in both languages. */
const WHERE: Record<UnreadableWhere, Text> = {
  field: { nl: 'dit veld', en: 'this field' },
  'query parameter': { nl: 'deze queryparameter', en: 'this query parameter' },
  'path parameter': { nl: 'deze padparameter', en: 'this path parameter' },
};

export type UnreadableWhere = 'field' | 'query parameter' | 'path parameter';

export interface UnreadableText {
  field: string;
  toError(where: UnreadableWhere): DomainError;
}

const childPath = (parent: string, key: string) => {
  if (/^\d+$/.test(key)) return `${parent}[${key}]`;
  const name = SAFE_KEY.test(key) ? key : '(property name)';
  return parent ? `${parent}.${name}` : name;
};

function found(field: string): UnreadableText {
  return {
    field,
    toError: (where) =>
      CommonErrors.create(
        'VALIDATION_FAILED',
        {
          nl: `Verbeter ${WHERE[where].nl}: ${field} ${MESSAGE.nl}. Verwijder die tekens en stuur het opnieuw.`,
          en: `Correct ${WHERE[where].en}: ${field} ${MESSAGE.en}. Remove those characters and send it again.`,
        },
        { errors: [{ field, messages: [{ nl: `${field} ${MESSAGE.nl}`, en: `${field} ${MESSAGE.en}` }] }] },
      ),
  };
}

/**
 * How deep a request's JSON may nest. No body of the API goes past four levels; a body nested thousands of levels
 * deep (`[[[[…]]]]`, a few kilobytes) would overflow the stack of every walk over it — this one first, before
 * authentication — and answer 500. It is refused with a 400 instead.
 */
export const MAX_NESTING = 32;

function tooDeep(field: string): UnreadableText {
  const deeper = { nl: `dieper dan ${MAX_NESTING} niveaus genest`, en: `nested more than ${MAX_NESTING} levels deep` };
  return refusedField(
    field,
    { nl: `Verbeter ${field}: de inhoud is ${deeper.nl}; geen verzoek van deze API heeft dat nodig.`, en: `Correct ${field}: the content is ${deeper.en}; no request of this API needs that.` },
    { nl: `${field} is ${deeper.nl}`, en: `${field} is ${deeper.en}` },
  );
}

/** A 400 about one field, whatever part of the request it was found in. */
function refusedField(field: string, detail: Text, message: Text): UnreadableText {
  return { field, toError: () => CommonErrors.create('VALIDATION_FAILED', detail, { errors: [{ field, messages: [message] }] }) };
}

/**
 * Names no request of the API uses, which reach an object's prototype in JavaScript. The validation pipe never sees
 * them (class-transformer skips them), so without this they would be silently accepted instead of refused like any
 * other unknown property.
 */
const PROTOTYPE_KEYS = new Set(['__proto__', 'constructor', 'prototype']);

function prototypeKey(field: string): UnreadableText {
  return refusedField(
    field,
    { nl: `Verbeter ${field}: deze eigenschap bestaat niet; laat haar weg.`, en: `Correct ${field}: this property does not exist; leave it out.` },
    { nl: `eigenschap ${field} mag niet bestaan`, en: `property ${field} should not exist` },
  );
}

/**
 * The first string (value or property name) in `value` PostgreSQL cannot store faithfully, by field path — or the
 * first place nested deeper than MAX_NESTING.
 */
export function findUnreadableText(value: unknown, path: string, depth = 0): UnreadableText | undefined {
  if (typeof value === 'string') return UNREADABLE.test(value) ? found(path || '(value)') : undefined;
  if (value === null || typeof value !== 'object') return undefined;
  if (depth >= MAX_NESTING) return tooDeep(path || '(value)');
  if (Array.isArray(value)) {
    for (let i = 0; i < value.length; i++) {
      const hit = findUnreadableText(value[i], `${path}[${i}]`, depth + 1);
      if (hit) return hit;
    }
    return undefined;
  }
  for (const [key, item] of Object.entries(value)) {
    if (PROTOTYPE_KEYS.has(key)) return prototypeKey(path ? `${path}.${key}` : key);
    const field = childPath(path, key);
    if (UNREADABLE.test(key)) return found(field);
    const hit = findUnreadableText(item, field, depth + 1);
    if (hit) return hit;
  }
  return undefined;
}

/**
 * The first query parameter whose percent-encoded bytes are not UTF-8 (`%E2%82`, an encoded surrogate): the query
 * parser would silently read them as U+FFFD, so a search would quietly look for something else than was sent.
 */
export function badlyEncodedQueryParameter(url: string): UnreadableText | undefined {
  const query = url.indexOf('?') >= 0 ? url.slice(url.indexOf('?') + 1) : '';
  for (const pair of query.split('&')) {
    const [name = '', value = ''] = pair.split(/=(.*)/s);
    const decoded = [name, value].map((part) => {
      try {
        return decodeURIComponent(part.replace(/\+/g, ' '));
      } catch {
        return undefined;
      }
    });
    if (decoded.includes(undefined)) {
      const field = decoded[0] !== undefined && SAFE_KEY.test(decoded[0]) ? decoded[0] : '(query parameter)';
      const notUtf8 = { nl: 'moet geldige UTF-8 zijn (procentgecodeerde bytes die geen teken vormen)', en: 'must be valid UTF-8 (percent-encoded bytes that form no character)' };
      return refusedField(
        field,
        { nl: `Verbeter deze queryparameter: ${field} ${notUtf8.nl}.`, en: `Correct this query parameter: ${field} ${notUtf8.en}.` },
        { nl: `${field} ${notUtf8.nl}`, en: `${field} ${notUtf8.en}` },
      );
    }
  }
  return undefined;
}

/** Requests whose JSON body was not UTF-8 (noted by the body parser's `verify`, answered by `refuseUnreadableText`). */
const NOT_UTF8_BODIES = new WeakSet<object>();

/**
 * The JSON body parser's `verify`: a body whose bytes are not UTF-8 would be decoded with U+FFFD in their place and
 * stored silently (an outside fuzzer). Only noted here — a `verify` that throws becomes a 403 in the body parser.
 */
export function noteBodyNotUtf8(req: object, _res: unknown, body: Buffer): void {
  if (!isUtf8(body)) NOT_UTF8_BODIES.add(req);
}

/** Refuses unreadable text in the query and the body (after the body parser) of every request. */
export function refuseUnreadableText(req: Request, _res: Response, next: NextFunction): void {
  if (NOT_UTF8_BODIES.has(req)) {
    next(HttpErrors.create('BAD_REQUEST', BODY_NOT_UTF8));
    return;
  }
  const badlyEncoded = badlyEncodedQueryParameter(req.originalUrl);
  if (badlyEncoded) {
    next(badlyEncoded.toError('query parameter'));
    return;
  }
  const inQuery = findUnreadableText(req.query, '');
  if (inQuery) {
    next(inQuery.toError('query parameter'));
    return;
  }
  const inBody = findUnreadableText(req.body, '');
  if (inBody) {
    next(inBody.toError('field'));
    return;
  }
  next();
}

/**
 * A PATCH without a single field to change is refused the same way on every route (400 NOTHING_TO_CHANGE), rather
 * than each service deciding whether `{}` bumps a version, writes a revision, sends an event — or crashes.
 * A guard, registered right after authentication: who may not call the route hears 401/403/404 first.
 */
@Injectable()
export class NonEmptyPatchGuard implements CanActivate {
  canActivate(context: ExecutionContext): boolean {
    if (context.getType() !== 'http') return true;
    const req = context.switchToHttp().getRequest<Request>();
    const body: unknown = req.body;
    const empty = body === undefined || body === null || (typeof body === 'object' && !Array.isArray(body) && Object.keys(body).length === 0);
    if (req.method === 'PATCH' && empty) {
      throw CommonErrors.create(
        'NOTHING_TO_CHANGE',
        {
          nl: 'De inhoud van het verzoek bevat geen velden om te wijzigen. Stuur minstens één veld met de nieuwe waarde.',
          en: 'The request body has no fields to change. Send at least one field with its new value.',
        },
        { errors: [{ field: '(body)', messages: [{ nl: 'minstens één te wijzigen veld is verplicht', en: 'at least one field to change is required' }] }] },
      );
    }
    return true;
  }
}
