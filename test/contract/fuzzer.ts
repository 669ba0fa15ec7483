import { randomUUID } from 'node:crypto';
import fc from 'fast-check';
import { operations, resolve, resolveParameter, type Method, type OpenApiDocument, type Operation, type Parameter, type Schema } from './openapi-types.js';
import { ResponseValidator } from './response-validator.js';
import { invalidValue, validValue } from './schema-arbitrary.js';

/**
 * A seeded property-based fuzzer over every operation of the OpenAPI document and every kind of caller. Each run
 * draws an operation, a caller and either a request that is valid per the document or one with a single mutation,
 * sends it, and checks the answer: never a 5xx; a status the operation documents; a valid request never a 400; the
 * body fits the documented schema of that status. Ids come from what earlier answers showed (so requests reach
 * real households, plans, goals…), or are random.
 */

export interface Caller {
  name: string;
  authorization?: string;
}

export interface FuzzOptions {
  doc: OpenApiDocument;
  /** e.g. http://127.0.0.1:PORT */
  origin: string;
  callers: Caller[];
  /** Known ids per path parameter name (householdId, organisationId, …); grows with what answers show. */
  pools: Map<string, Set<string>>;
  requests: number;
  seed: number;
  /** Ids never sent in the path of a change (the callers themselves, their API client): a run that deactivated its
   * own callers would spend the rest of its requests on 401s. */
  protectedIds?: Set<string>;
}

export interface Finding {
  kind: 'server-error' | 'undocumented-status' | 'schema-violation' | 'valid-rejected' | 'transport';
  operation: string;
  detail: string;
}

export interface FuzzReport {
  requests: number;
  valid: number;
  mutated: number;
  byStatus: Record<string, number>;
  operationsCalled: number;
  /** Operations that answered a success at least once (the rest only ever refused: roles, ids, states). */
  operationsSucceeded: number;
  neverSucceeded: string[];
  operationsTotal: number;
  /** Milliseconds spent waiting for answers (the rest is generating and checking). */
  waitingMs: number;
  findings: Finding[];
}

interface PlannedRequest {
  method: Method;
  url: string;
  headers: Record<string, string>;
  body?: string;
  valid: boolean;
  mutation: string;
}

const INVALID_PATH_VALUES = ['not-a-uuid', '2147483648', '0', '-1', '%E2%82', 'x'.repeat(300), '1e3', 'null'];
const pick = <T>(g: fc.GeneratorValue, values: readonly T[]): T => g(() => fc.constantFrom(...values));
const chance = (g: fc.GeneratorValue, percent: number): boolean => g(() => fc.integer({ min: 1, max: 100 })) <= percent;

/** Collection path segment → the path parameter naming one of its items ("goals" → "goalId"), from the document. */
function segmentParameters(doc: OpenApiDocument): Map<string, string> {
  const map = new Map<string, string>();
  for (const path of Object.keys(doc.paths)) {
    for (const match of path.matchAll(/\/([a-z-]+)\/\{(\w+)\}/g)) map.set(match[1]!.replace(/-/g, ''), match[2]!);
  }
  return map;
}

export async function fuzz(options: FuzzOptions): Promise<FuzzReport> {
  const { doc, pools } = options;
  const all = operations(doc);
  const validator = new ResponseValidator(doc);
  const segments = segmentParameters(doc);
  const etags = new Map<string, string>();
  /** Cursors per operation: a cursor is valid only for the list that handed it out. */
  const cursors = new Map<string, Set<string>>();
  const called = new Set<string>();
  const succeeded = new Set<string>();
  const report: FuzzReport = { requests: 0, valid: 0, mutated: 0, byStatus: {}, operationsCalled: 0, operationsSucceeded: 0, neverSucceeded: [], operationsTotal: all.length, waitingMs: 0, findings: [] };

  const remember = (name: string, value: unknown) => {
    if (typeof value !== 'string' || !/^[0-9a-f-]{36}$/i.test(value)) return;
    const pool = pools.get(name) ?? new Set<string>();
    if (pool.size < 200) pool.add(value);
    pools.set(name, pool);
  };
  /** Ids in an answer: `xxxId` fields by name, `id` fields by the collection they are in. */
  const learn = (value: unknown, collection: string | undefined, listing?: string): void => {
    if (Array.isArray(value)) return value.forEach((item) => learn(item, collection));
    if (!value || typeof value !== 'object') return;
    for (const [key, inner] of Object.entries(value as Record<string, unknown>)) {
      if (key === 'id' && collection) remember(segments.get(collection) ?? `${collection}Id`, inner);
      else if (key.endsWith('Id')) remember(key, inner);
      else if (key === 'nextCursor' && typeof inner === 'string' && listing) cursors.set(listing, new Set([...(cursors.get(listing) ?? []), inner].slice(-20)));
      else if (typeof inner === 'object') learn(inner, key === 'items' ? collection : key.toLowerCase());
    }
  };

  /** Ids in a generated body or query refer to things that exist, most of the time (`professionalId`, `memberIds`…). */
  function knownIds(g: fc.GeneratorValue, value: unknown, key?: string): unknown {
    const pool = key ? [...(pools.get(key) ?? pools.get(key.replace(/Ids$/, 'Id')) ?? [])] : [];
    if (typeof value === 'string' && pool.length > 0) return chance(g, 80) ? pick(g, pool) : value;
    // an id list stays free of duplicates (its schema says uniqueItems); at least one id remains
    if (Array.isArray(value)) return [...new Set(value.map((item) => knownIds(g, item, key)))];
    if (value && typeof value === 'object') return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, knownIds(g, v, k)]));
    return value;
  }

  function pathValue(g: fc.GeneratorValue, parameter: Parameter, method: Method): string {
    const schema = parameter.schema ?? {};
    if (schema.enum) return String(pick(g, schema.enum));
    if (schema.type === 'integer') return String(g(() => fc.integer({ min: schema.minimum ?? 1, max: Math.min(schema.maximum ?? 5, 5) })));
    const pool = [...(pools.get(parameter.name) ?? [])].filter((id) => method === 'get' || !options.protectedIds?.has(id));
    if (pool.length > 0 && chance(g, 85)) return pick(g, pool);
    return String(g(() => validValue(doc, schema)));
  }

  function plan(g: fc.GeneratorValue, method: Method, path: string, base: string, operation: Operation, caller: Caller): PlannedRequest {
    const parameters = (operation.parameters ?? []).map((p) => resolveParameter(doc, p));
    const valid = chance(g, 70);
    const mutations = ['path', 'query', 'body', 'header'].filter((m) =>
      m === 'body' ? operation.requestBody !== undefined : m === 'header' ? parameters.some((p) => p.in === 'header') : parameters.some((p) => p.in === m),
    );
    const mutation = valid || mutations.length === 0 ? 'none' : pick(g, mutations);

    let url = path;
    for (const parameter of parameters.filter((p) => p.in === 'path')) {
      const value = mutation === 'path' && chance(g, 60) ? pick(g, INVALID_PATH_VALUES) : pathValue(g, parameter, method);
      url = url.replace(`{${parameter.name}}`, encodeURIComponent(value).replace(/%25/g, '%'));
    }
    const query = new URLSearchParams();
    const queryParameters = parameters.filter((p) => p.in === 'query');
    const broken = mutation === 'query' ? pick(g, queryParameters).name : undefined;
    for (const parameter of queryParameters) {
      if (parameter.name === broken) {
        const value = g(() => invalidValue(doc, parameter.schema ?? {}));
        query.append(parameter.name, typeof value === 'string' ? value : JSON.stringify(value));
        continue;
      }
      if (!parameter.required && !chance(g, 30)) continue;
      if (parameter.name === 'cursor') {
        // a cursor is opaque: only one this API handed out is valid
        const handedOut = [...(cursors.get(`${method} ${path}`) ?? [])];
        if (handedOut.length > 0) query.append('cursor', pick(g, handedOut));
        continue;
      }
      const value = knownIds(g, g(() => validValue(doc, parameter.schema ?? {})), parameter.name);
      for (const item of Array.isArray(value) ? value : [value]) query.append(parameter.name, String(item));
    }
    const full = `${base}${url}${query.size > 0 ? `?${query.toString()}` : ''}`;

    const headers: Record<string, string> = { Accept: 'application/json' };
    if (caller.authorization) headers.Authorization = caller.authorization;
    for (const parameter of parameters.filter((p) => p.in === 'header')) {
      if (parameter.name === 'If-Match') {
        const known = [...etags].filter(([prefix]) => full.startsWith(prefix)).sort((a, b) => b[0].length - a[0].length)[0]?.[1];
        headers['If-Match'] = mutation === 'header' ? pick(g, ['"bogus"', 'W/"1"', '*', '"1", "2"', '']) : (known ?? '"1"');
      } else if (parameter.name === 'Idempotency-Key') {
        if (mutation === 'header') headers['Idempotency-Key'] = pick(g, ['has space', 'ü', 'x'.repeat(300)]);
        else if (chance(g, 20)) headers['Idempotency-Key'] = randomUUID();
      }
    }

    let body: string | undefined;
    const schema = operation.requestBody?.content['application/json']?.schema;
    if (schema) {
      headers['Content-Type'] = 'application/json';
      const value = knownIds(g, g(() => validValue(doc, schema)));
      if (mutation === 'body') {
        body = mutateBody(g, doc, schema, value, headers);
      } else {
        body = JSON.stringify(value);
      }
    }
    return { method, url: full, headers, body, valid: mutation === 'none', mutation };
  }

  async function send(request: PlannedRequest): Promise<{ status: number; type: string; text: string; etag?: string; headers: Headers }> {
    const res = await fetch(`${options.origin}${request.url}`, { method: request.method.toUpperCase(), headers: request.headers, body: request.body, redirect: 'manual' });
    return { status: res.status, type: res.headers.get('content-type') ?? '', text: await res.text(), etag: res.headers.get('etag') ?? undefined, headers: res.headers };
  }

  const findings = new Map<string, Finding>();
  const find = (kind: Finding['kind'], operation: string, detail: string) => {
    const key = `${kind} ${operation} ${detail.slice(0, 160)}`;
    if (!findings.has(key)) findings.set(key, { kind, operation, detail });
  };

  await fc.assert(
    fc.asyncProperty(fc.gen(), async (g) => {
      const { method, path, base, operation } = pick(g, all);
      const caller = pick(g, options.callers);
      const request = plan(g, method, path, base, operation, caller);
      const name = `${method.toUpperCase()} ${path}`;
      report.requests++;
      if (request.valid) report.valid++;
      else report.mutated++;
      called.add(name);
      let answer: Awaited<ReturnType<typeof send>>;
      const started = performance.now();
      try {
        answer = await send(request);
        report.waitingMs += performance.now() - started;
      } catch (error) {
        find('transport', name, String(error));
        return true;
      }
      report.byStatus[answer.status] = (report.byStatus[answer.status] ?? 0) + 1;
      if (answer.status < 300) succeeded.add(name);
      const documented = operation.responses[String(answer.status)];
      const context = `${caller.name} ${request.mutation} → ${answer.status} ${answer.text.slice(0, 200)}`;
      if (answer.status >= 500) find('server-error', name, context);
      if (!documented) find('undocumented-status', name, `${answer.status} (${caller.name}, ${request.mutation})`);
      // the documented headers that are always sent (the others depend on the request: Retry-After, ETag, …)
      for (const header of ['API-Version', 'WWW-Authenticate', 'Location']) {
        if (documented?.headers?.[header] && !answer.headers.has(header) && (header !== 'Location' || answer.status === 201)) {
          find('schema-violation', name, `${answer.status} without the documented ${header} header`);
        }
      }
      // and the other way round: the headers a client acts on (ETag for its next If-Match, Location to follow) are sent
      // only where the document lists them, so a generated client knows to read them
      for (const header of ['ETag', 'Location']) {
        if (documented && answer.headers.has(header) && !documented.headers?.[header]) find('schema-violation', name, `${answer.status} sent the undocumented ${header} header`);
      }
      if (request.valid && answer.status === 400) find('valid-rejected', name, `${caller.name} ${request.url} ${request.body?.slice(0, 300) ?? ''} → ${answer.text.slice(0, 300)}`);
      if (documented && answer.text.length > 0) {
        const mediaType = answer.type.split(';')[0]!.trim();
        const content = documented.content?.[mediaType];
        if (documented.content && !content) find('schema-violation', name, `${answer.status} answered ${mediaType}, documented ${Object.keys(documented.content).join(', ')}`);
        if (content?.schema && /json/.test(mediaType)) {
          let body: unknown;
          try {
            body = JSON.parse(answer.text);
          } catch {
            find('schema-violation', name, `${answer.status} body is not JSON`);
          }
          const errors = validator.check(`${name} ${answer.status} ${mediaType}`, content.schema, body);
          if (errors.length > 0) find('schema-violation', name, `${answer.status}: ${errors.join('; ')}`);
          if (answer.status < 300) learn(body, collectionOf(path), `${method} ${path}`);
        }
      }
      if (answer.etag && answer.status < 300) etags.set(request.url.split('?')[0]!, answer.etag);
      return true;
    }),
    { seed: options.seed, numRuns: options.requests, endOnFailure: true },
  );
  report.operationsCalled = called.size;
  report.operationsSucceeded = succeeded.size;
  report.neverSucceeded = all.map(({ method, path }) => `${method.toUpperCase()} ${path}`).filter((name) => !succeeded.has(name));
  report.findings = [...findings.values()];
  return report;
}

/** The collection a path answers about: its last literal segment ("/households/{id}/plan/goals" → "goals"). */
function collectionOf(path: string): string | undefined {
  const literal = path.split('/').filter((s) => s && !s.startsWith('{'));
  return literal.at(-1)?.replace(/-/g, '');
}

/** One mutation of a valid body: a property with a wrong value, a required one missing, an unknown one, or no JSON. */
function mutateBody(g: fc.GeneratorValue, doc: OpenApiDocument, schema: Schema, value: unknown, headers: Record<string, string>): string {
  const resolved = resolve(doc, schema);
  const properties = Object.entries(resolved.properties ?? {});
  const kind = pick(g, ['property', 'property', 'property', 'missing', 'unknown', 'shape', 'malformed', 'content-type']);
  const object = value && typeof value === 'object' && !Array.isArray(value) ? { ...(value as Record<string, unknown>) } : {};
  switch (kind) {
    case 'property':
      if (properties.length === 0) break;
      {
        const [name, propertySchema] = pick(g, properties);
        object[name] = g(() => invalidValue(doc, propertySchema));
      }
      return JSON.stringify(object);
    case 'missing':
      if ((resolved.required ?? []).length === 0) break;
      delete object[pick(g, resolved.required!)];
      return JSON.stringify(object);
    case 'unknown':
      return JSON.stringify({ ...object, [`unknown${g(() => fc.nat(99))}`]: 'x' });
    case 'shape':
      return JSON.stringify(pick(g, [[], 'text', 42, null, [object]]));
    case 'malformed':
      return '{"broken": ';
    case 'content-type':
      headers['Content-Type'] = 'text/plain';
      return 'plain text';
    default:
      break;
  }
  return JSON.stringify({ ...object, unexpected: true });
}
