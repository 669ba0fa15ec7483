import { plainToInstance } from 'class-transformer';
import { getMetadataStorage, validate } from 'class-validator';
import request from 'supertest';
import { API_CLIENT_SCOPES } from '../../src/api-clients/api-client-scopes.js';
import { CLIENT_ROUTES } from '../../src/api-clients/client-routes.js';
import { API_VERSION } from '../../src/common/api-version.js';
import { TIMELINE_TYPES } from '../../src/casework/timeline/timeline-types.js';
import { operations, resolve, resolveParameter, type OpenApiDocument, type Schema } from '../contract/openapi-types.js';
import { bearer, createTenantFixture, startTestApp, type TenantFixture, type TestApp } from './harness/index.js';

/**
 * The OpenAPI document states what the validators enforce: every DTO's class-validator metadata is walked and each
 * rule looked up in the document, by an expectation table of its own (not the generator's), so a validator the
 * generator does not know, or documents wrongly, fails here. And the shared parts: problem and header components,
 * statuses, security with scopes, info, servers, tags, the timeline union, the served copies and Swagger UI.
 */

type Metadata = ReturnType<ReturnType<typeof getMetadataStorage>['getTargetValidationMetadatas']>[number];

let t: TestApp;
let f: TenantFixture;
let doc: OpenApiDocument;
beforeAll(async () => {
  t = await startTestApp();
  f = await createTenantFixture(t.app);
  doc = (await request(t.http).get('/docs-json')).body as OpenApiDocument;
});
afterAll(async () => {
  await t?.close();
});

/** What the document must say for each validator (schema of the property, or of its items for `each`). */
const STATES: Record<string, (s: Schema, c: unknown[]) => boolean> = {
  isString: (s) => s.type === 'string',
  isInt: (s) => s.type === 'integer',
  isNumber: (s) => s.type === 'number' || s.type === 'integer',
  isBoolean: (s) => s.type === 'boolean',
  isArray: (s) => s.type === 'array',
  // an object: a nested class's component (always `type: object`), or an object schema of its own
  isObject: (s) => s.type === 'object' || typeof (s as { $ref?: unknown }).$ref === 'string' || Array.isArray((s as { allOf?: unknown }).allOf),
  min: (s, [v]) => s.minimum === v,
  max: (s, [v]) => s.maximum === v,
  minLength: (s, [v]) => s.minLength === v,
  maxLength: (s, [v]) => s.maxLength === v,
  arrayMinSize: (s, [v]) => s.minItems === v,
  arrayMaxSize: (s, [v]) => s.maxItems === v,
  arrayUnique: (s) => s.uniqueItems === true,
  isIn: (s, [values]) => (values as unknown[]).every((v) => s.enum?.includes(v)) && (s.enum ?? []).every((v) => v === null || (values as unknown[]).includes(v)),
  isUuid: (s) => s.format === 'uuid',
  isEmail: (s) => s.format === 'email',
  isUrl: (s) => s.format === 'uri',
  isHttpUrl: (s) => s.format === 'uri' && new RegExp(s.pattern ?? '^$').test('HTTPS://partner.example.nl/') && !new RegExp(s.pattern ?? '').test('mailto:a@example.org'),
  matches: (s, [pattern]) => s.pattern === (pattern instanceof RegExp ? pattern.source : String(pattern)),
  isDateOnly: (s) => s.format === 'date',
  isBirthDateRange: (s) => s.format === 'date' && /1900-01-01 up to today/.test(s.description ?? ''),
  isInstant: (s) => s.format === 'date-time',
  isInstantRange: (s) => s.format === 'date-time' && /before 1900/.test(s.description ?? ''),
  isBsn: (s) => s.pattern === '^[0-9]{9}$',
  isBsnElfproef: (s) => /11-test/.test(s.description ?? ''),
  isUniqueBy: (s, [key]) => (s.description ?? '').includes(`\`${String(key)}\` at most once`),
  isPostcode: (s) => s.type === 'string' && new RegExp(s.pattern ?? '^$').test('3512 AB') && !new RegExp(s.pattern ?? '').test('0123 AB'),
  isNotBlank: (s) => (s.minLength ?? 0) >= 1 && !new RegExp(s.pattern ?? '').test('   '),
};
const SHAPELESS = new Set(['nestedValidation', 'whitelistValidation', 'conditionalValidation', 'isDefined']);

/** Every class with class-validator rules (the storage keeps them per class; it has no public list). */
function validatedClasses(): Array<abstract new () => unknown> {
  const storage = getMetadataStorage() as unknown as { validationMetadatas: Map<unknown, unknown> };
  return [...storage.validationMetadatas.keys()].filter((c): c is abstract new () => unknown => typeof c === 'function');
}

function rulesOf(target: abstract new () => unknown): Map<string, Metadata[]> {
  const byProperty = new Map<string, Metadata[]>();
  for (const m of getMetadataStorage().getTargetValidationMetadatas(target, '', true, false)) byProperty.set(m.propertyName, [...(byProperty.get(m.propertyName) ?? []), m]);
  return byProperty;
}

const isOptional = (property: string, metadata: Metadata[]) =>
  metadata.some((m) => m.type === 'conditionalValidation' && (m.constraints as Array<(o: object, v: unknown) => boolean>).some((c) => !c({ [property]: undefined }, undefined)));

/** The rules of one property the schema does not state, as "class.property: validator". */
function unstated(where: string, property: string, schema: Schema | undefined, metadata: Metadata[]): string[] {
  const out: string[] = [];
  for (const m of metadata) {
    if (SHAPELESS.has(m.type)) continue;
    const name = m.name ?? m.type;
    const check = STATES[name];
    const target = m.each ? schema?.items : schema;
    const resolved = target && (target.$ref || target.allOf) ? undefined : target;
    if (!check) out.push(`${where}.${property}: no expectation for validator ${name}`);
    else if (!schema) out.push(`${where}.${property}: not in the document`);
    else if (resolved && !check(resolved, m.constraints ?? [])) out.push(`${where}.${property}: ${name}(${JSON.stringify(m.constraints ?? [])}) not stated by ${JSON.stringify(target)}`);
  }
  return out;
}

describe('the OpenAPI document states every validator rule', () => {
  it('request body schemas: each rule, required exactly the non-optional properties, unknown properties refused', () => {
    const problems: string[] = [];
    let checked = 0;
    for (const target of validatedClasses()) {
      const schema = doc.components.schemas[target.name];
      if (!schema) continue;
      checked++;
      if (schema.additionalProperties !== false) problems.push(`${target.name}: additionalProperties is not false`);
      const required = new Set(schema.required ?? []);
      for (const [property, metadata] of rulesOf(target)) {
        problems.push(...unstated(target.name, property, schema.properties?.[property], metadata));
        if (required.has(property) === isOptional(property, metadata)) problems.push(`${target.name}.${property}: required is ${required.has(property)}`);
      }
    }
    expect(checked).toBeGreaterThan(40);
    expect(problems).toEqual([]);
  });

  it('null is accepted exactly where the document says nullable: everywhere else it is a 400 naming the field', async () => {
    const wrong: string[] = [];
    let checked = 0;
    for (const target of validatedClasses()) {
      const schema = doc.components.schemas[target.name];
      if (!schema) continue;
      for (const property of rulesOf(target).keys()) {
        const documented = schema.properties?.[property];
        if (!documented) continue;
        checked++;
        const errors = await validate(plainToInstance(target as new () => object, { [property]: null }), { whitelist: true, forbidNonWhitelisted: true });
        const refused = errors.some((e) => e.property === property);
        if (refused === Boolean(documented.nullable)) wrong.push(`${target.name}.${property}: null ${refused ? 'refused' : 'accepted'}, nullable ${Boolean(documented.nullable)}`);
      }
    }
    expect(checked).toBeGreaterThan(150);
    expect(wrong).toEqual([]);
  });

  it('query parameters: each rule of each query DTO is stated where the parameter is used', () => {
    const queryParameters = operations(doc).flatMap(({ operation }) => (operation.parameters ?? []).map((p) => resolveParameter(doc, p)).filter((p) => p.in === 'query'));
    const problems: string[] = [];
    let checked = 0;
    for (const target of validatedClasses()) {
      if (doc.components.schemas[target.name]) continue;
      for (const [property, metadata] of rulesOf(target)) {
        const used = queryParameters.filter((p) => p.name === property);
        if (used.length === 0) continue;
        checked++;
        // the same name may be another class's parameter (limit, cursor): one use must state all of this class's rules
        if (!used.some((p) => unstated(target.name, property, p.schema, metadata).length === 0)) problems.push(...unstated(target.name, property, used[0]!.schema, metadata));
      }
    }
    expect(checked).toBeGreaterThan(20);
    expect(problems).toEqual([]);
  });

  it('every request body is a closed schema, every path parameter typed (uuid, bounded integer or enum)', () => {
    const open: string[] = [];
    const loose: string[] = [];
    for (const { method, path, operation } of operations(doc)) {
      const schema = operation.requestBody?.content['application/json']?.schema;
      if (schema && operation.operationId !== 'issueClientToken' && resolve(doc, schema).additionalProperties !== false) open.push(`${method} ${path}`);
      for (const p of (operation.parameters ?? []).map((x) => resolveParameter(doc, x)).filter((x) => x.in === 'path')) {
        const s = p.schema ?? {};
        if (!(s.format === 'uuid' || (s.type === 'integer' && s.minimum !== undefined && s.maximum !== undefined) || s.enum)) loose.push(`${method} ${path} ${p.name}`);
      }
    }
    expect(open).toEqual([]);
    expect(loose).toEqual([]);
  });

  it('no property is a shapeless object (a nullable string documented as `object` would generate Record<string, never>)', () => {
    const shapeless: string[] = [];
    for (const [name, schema] of Object.entries(doc.components.schemas)) {
      for (const [property, s] of Object.entries(schema.properties ?? {})) {
        const target = s.type === 'array' ? (s.items ?? {}) : s;
        if (target.type === 'object' && !target.properties && target.additionalProperties === undefined && !target.allOf && !target.$ref) shapeless.push(`${name}.${property}`);
      }
    }
    expect(shapeless).toEqual([]);
    const suffix = doc.components.schemas.UpdateHouseholdDto!.properties!.houseNumberSuffix!;
    expect(suffix).toEqual(expect.objectContaining({ type: 'string', nullable: true }));
    expect(doc.components.schemas.UpdateMemberDto!.properties!.bsn).toEqual(expect.objectContaining({ type: 'string', nullable: true }));
    for (const field of ['rotatedAt', 'revokedAt']) expect(doc.components.schemas.ApiClientDto!.properties![field]).toEqual(expect.objectContaining({ type: 'string', format: 'date-time', nullable: true }));
    expect(doc.components.schemas.ApiClientDto!.properties!.revokedById).toEqual(expect.objectContaining({ type: 'string', format: 'uuid', nullable: true }));
  });
});

describe('shared components and conventions', () => {
  it('problems are the shared Problem / ValidationProblem schemas, never inlined', () => {
    const text = JSON.stringify(doc);
    expect(text.match(/"required":\["type","title","status","detail","code"\]/g)).toHaveLength(1);
    const errors = operations(doc).flatMap(({ method, path, operation }) =>
      Object.entries(operation.responses)
        .filter(([status]) => /^[45]/.test(status))
        .map(([status, r]) => [`${method} ${path} ${status}`, r.content?.['application/problem+json']?.schema?.$ref] as const),
    );
    expect(errors.length).toBeGreaterThan(800);
    expect(errors.filter(([key, ref]) => ref !== `#/components/schemas/${key.endsWith(' 400') ? 'ValidationProblem' : 'Problem'}`)).toEqual([]);
  });

  it('documents the headers as shared components: API-Version, RateLimit-*, ETag, Location, Idempotency-Key, Idempotent-Replayed, Retry-After, WWW-Authenticate', () => {
    for (const name of ['API-Version', 'ETag', 'Location', 'Idempotent-Replayed', 'RateLimit-Limit', 'RateLimit-Remaining', 'Retry-After', 'WWW-Authenticate']) {
      expect(doc.components.headers).toHaveProperty([name]);
    }
    const wrong: string[] = [];
    for (const { method, path, operation } of operations(doc)) {
      const secured = (operation.security ?? []).length > 0;
      for (const [status, response] of Object.entries(operation.responses)) {
        const refs = Object.fromEntries(Object.entries(response.headers ?? {}).map(([k, v]) => [k, v.$ref]));
        const want = (name: string) => refs[name] === `#/components/headers/${name}` || wrong.push(`${method} ${path} ${status} ${name}`);
        want('API-Version');
        if (status.startsWith('2') && !path.startsWith('/health') && path !== '/metrics') want('RateLimit-Limit');
        if (status.startsWith('2') && secured && method === 'post') want('Idempotent-Replayed');
        if (status === '401') want('WWW-Authenticate');
        if (status === '429' || status === '503') want('Retry-After');
        if ('ETag' in refs) want('ETag');
        // a create's 409 (a refused replay) names what the first request made: a Location of its own meaning
        if ('Location' in refs && status === '409') {
          if (refs.Location !== '#/components/headers/Replay-Location') wrong.push(`${method} ${path} ${status} Location`);
        } else if ('Location' in refs) want('Location');
      }
      if (secured && method === 'post' && !(operation.parameters ?? []).some((p) => p.$ref === '#/components/parameters/IdempotencyKey')) wrong.push(`${method} ${path} Idempotency-Key`);
    }
    expect(wrong).toEqual([]);
    expect(doc.paths['/households']!.post!.responses['201']!.headers).toEqual(expect.objectContaining({ ETag: { $ref: '#/components/headers/ETag' }, Location: { $ref: '#/components/headers/Location' } }));
  });

  it('documents the statuses every operation can answer', () => {
    const missing: string[] = [];
    for (const { method, path, operation } of operations(doc)) {
      const secured = (operation.security ?? []).length > 0;
      const writes = ['post', 'put', 'patch'].includes(method);
      const ifMatch = (operation.parameters ?? []).find((p) => p.name === 'If-Match');
      const householdWrite = path.startsWith('/households/{householdId}') && ['put', 'patch', 'delete'].includes(method);
      const expected = [
        '404', '429', '500', '503',
        ...(writes || (operation.parameters ?? []).length > 0 ? ['400'] : []),
        ...(secured ? ['401', '403'] : []),
        ...(writes ? ['413', '415'] : []),
        ...(secured && method === 'post' ? ['409', '422'] : []),
        // a restriction of processing refuses every write of a household's data in the database
        ...(secured && householdWrite ? ['409'] : []),
        ...(ifMatch ? ['412'] : []),
        ...(ifMatch?.required ? ['428'] : []),
      ];
      for (const status of expected) if (!operation.responses[status]) missing.push(`${method} ${path} ${status}`);
      // an If-Match a client may leave out (a household's members) is never missing: no 428 promised there
      if (ifMatch && !ifMatch.required && operation.responses['428']) missing.push(`${method} ${path} documents 428 for an optional If-Match`);
    }
    expect(missing).toEqual([]);
  });

  it('professionals use bearer tokens; partner clients OAuth2 client credentials with the scope client-routes.ts gives each route', () => {
    const oauth = doc.components.securitySchemes.oauth2!;
    expect(oauth.type).toBe('oauth2');
    expect(oauth.flows?.clientCredentials?.tokenUrl).toBe('/api/v1/oauth/token');
    expect(Object.keys(oauth.flows!.clientCredentials!.scopes).sort()).toEqual([...API_CLIENT_SCOPES].sort());
    expect(doc.components.securitySchemes.bearer).toEqual(expect.objectContaining({ type: 'http', scheme: 'bearer' }));
    const scopes: Record<string, string> = {};
    for (const { method, path, operation } of operations(doc)) {
      const security = operation.security ?? [];
      if (security.length === 0) continue;
      expect(security[0]).toEqual({ bearer: [] });
      const client = security.find((s) => 'oauth2' in s);
      if (client) scopes[`${method.toUpperCase()} ${path.replace(/\{(\w+)\}/g, ':$1')}`] = client.oauth2![0]!;
    }
    expect(scopes).toEqual(CLIENT_ROUTES);
    expect(doc.paths['/oauth/token']!.post!.security).toEqual([]);
  });

  it('info (semver, contact, licence), servers, and tags in the order a user meets them, each described', () => {
    expect(doc.info.version).toBe(API_VERSION);
    expect(doc.info.version).toMatch(/^\d+\.\d+\.\d+$/);
    expect(doc.info.contact).toEqual(expect.objectContaining({ name: expect.any(String), url: expect.stringMatching(/^https:/), email: expect.stringContaining('@') }));
    expect(doc.info.license?.name).toBe('EUPL-1.2');
    expect(doc.servers).toEqual([expect.objectContaining({ url: '/api/v1' })]);
    expect(doc.tags[0]!.name).toBe('households');
    expect(doc.tags.at(-1)!.name).toBe('operations');
    expect(doc.tags.filter((tag) => !tag.description)).toEqual([]);
    const used = new Set(operations(doc).flatMap(({ operation }) => operation.tags ?? []));
    expect(new Set(doc.tags.map((tag) => tag.name))).toEqual(used);
    for (const path of ['/health/live', '/health/ready', '/metrics']) expect(doc.paths[path]!.get!.servers).toEqual([expect.objectContaining({ url: '/' })]);
  });

  it('the timeline entry is a union discriminated by `type`, one variant per data shape, covering every type', () => {
    const union = doc.components.schemas.TimelineEntry!;
    expect(union.discriminator?.propertyName).toBe('type');
    expect(Object.keys(union.discriminator!.mapping!).sort()).toEqual([...TIMELINE_TYPES].sort());
    const variants = new Set(Object.values(union.discriminator!.mapping!));
    expect(new Set(union.oneOf!.map((s) => s.$ref))).toEqual(variants);
    for (const [type, ref] of Object.entries(union.discriminator!.mapping!)) {
      const variant = resolve(doc, { $ref: ref });
      const own = variant.allOf!.find((part) => part.properties?.type)!;
      expect(own.properties!.type!.enum).toContain(type);
      expect(resolve(doc, own.properties!.data!).properties).toBeDefined();
    }
    const list = doc.paths['/households/{householdId}/timeline']!.get!.responses['200']!.content!['application/json']!.schema!;
    expect(JSON.stringify(list)).toContain('#/components/schemas/TimelineEntry"');
  });
});

describe('where the document is served', () => {
  it('at /api/v1/openapi.json, the same document as /docs-json', async () => {
    const res = await request(t.http).get('/api/v1/openapi.json');
    expect(res.status).toBe(200);
    expect(res.headers['content-type']).toMatch(/^application\/json/);
    expect(res.body).toEqual(doc);
  });

  it('in Swagger UI (swagger-ui-express) at /docs/, from that document, keeping authorisation across reloads', async () => {
    const page = await request(t.http).get('/docs/');
    expect(page.status).toBe(200);
    expect(page.text).toContain('swagger-ui-init.js');
    expect(page.headers['content-security-policy']).toContain("script-src 'self'");
    const init = await request(t.http).get('/docs/swagger-ui-init.js');
    expect(init.status).toBe(200);
    expect(init.text).toMatch(/"persistAuthorization":\s*true/);
    expect(init.text).toContain('"url": "/docs-json"');
    expect((await request(t.http).get('/docs')).headers.location).toBe('/docs/');
  });

  it("the Authorize dialog's client-credentials flow works against the documented token URL (Basic auth, form body)", async () => {
    const created = await request(t.http).post(`/api/v1/organisations/${f.partnerOrganisationId}/api-clients`).set(bearer(f.admin)).send({ name: 'Swagger UI', scopes: ['households:read'] });
    expect(created.status).toBe(201);
    const { clientId, clientSecret } = created.body as { clientId: string; clientSecret: string };
    const tokenUrl = doc.components.securitySchemes.oauth2!.flows!.clientCredentials!.tokenUrl;
    const res = await request(t.http)
      .post(tokenUrl)
      .set('Authorization', `Basic ${Buffer.from(`${clientId}:${clientSecret}`).toString('base64')}`)
      .set('X-Requested-With', 'XMLHttpRequest')
      .type('form')
      .send({ grant_type: 'client_credentials', scope: 'households:read' });
    expect(res.status).toBe(200);
    const listed = await request(t.http).get('/api/v1/households').set(bearer((res.body as { access_token: string }).access_token));
    expect(listed.status).toBe(200);
  });
});
