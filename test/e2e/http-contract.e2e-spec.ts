import { randomUUID } from 'node:crypto';
import { jest } from '@jest/globals';
import type { TypeOrmHealthIndicator } from '@nestjs/terminus';
import request, { type Response } from 'supertest';
import { API_VERSION } from '../../src/common/api-version.js';
import { ShutdownState } from '../../src/health/shutdown-state.js';
import { HealthController } from '../../src/health/health.controller.js';
import { MaintenanceScheduler } from '../../src/scheduler/maintenance-scheduler.js';
import { StallEvaluationService } from '../../src/supervision/stalled/stall-evaluation.service.js';
import { STALL_RULES } from '../../src/supervision/stall-rules.js';
import { ENGLISH, bearer, createTenantFixture, expectProblem, LOCAL_WEBHOOK_RECEIVERS, problemFields, startTestApp, type TenantFixture, type TestApp } from './harness/index.js';
import { caseApi } from './support/case.js';
import { onDay } from './support/days.js';

/**
 * The API contract at the HTTP level (issue 12, items 1 and 3): no input is a 500, and the Logius API Design
 * Rules' HTTP behaviour — API-Version, trailing slash, 405 with Allow, problem+json everywhere, WWW-Authenticate,
 * If-Match per RFC 9110.
 */
const logLines: string[] = [];
let t: TestApp;
let f: TenantFixture;
let c: ReturnType<typeof caseApi>;
beforeAll(async () => {
  t = await startTestApp(LOCAL_WEBHOOK_RECEIVERS, { write: (line: string) => void logLines.push(line) });
  f = await createTenantFixture(t.app);
  c = caseApi(t);
});
afterEach(() => onDay(t.app, 0));
afterAll(async () => {
  await t?.close();
});
const api = () => request(t.http);
const NUL = 'Tekst\u0000met NUL';
const LONE_SURROGATE = 'Tekst \ud800 half';

/** A case whose plan has a goal with one action, as its coordinator made them; the plan's ETag after both. */
async function caseWithAction(): Promise<{ householdId: string; goal: Response; action: Response; planEtag: string }> {
  const { householdId, etag } = await c.caseWithPlan(f);
  const goal = await api().post(`/api/v1/households/${householdId}/plan/goals`).set(bearer(f.coordinator)).set('If-Match', etag).send({ domainCode: 'finances', title: 'Schulden in beeld' });
  const action = await api()
    .post(`/api/v1/households/${householdId}/plan/goals/${goal.body.id as string}/actions`)
    .set(bearer(f.coordinator))
    .set('If-Match', goal.headers.etag as string)
    .send({ description: 'Budgetcursus', dueDate: '2027-01-01', owner: { type: 'professional', id: f.coordinator.id } });
  expect(action.status).toBe(201);
  return { householdId, goal, action, planEtag: action.headers.etag as string };
}


describe('API-Version (ADR /core/version-header)', () => {
  it('is on every response: success, errors of every kind, operations and documentation', async () => {
    const responses = await Promise.all([
      api().get('/api/v1/life-domains').set(bearer(f.coordinator)),
      api().get('/api/v1/households'),
      api().get('/api/v1/nothing-here').set(bearer(f.coordinator)),
      api().get('/nothing-here'),
      api().post('/api/v1/households').set(bearer(f.coordinator)).set('Content-Type', 'application/json').send('{"broken"'),
      api().get('/health/live'),
      api().get('/metrics'),
      api().get('/docs-json'),
    ]);
    expect(responses.map((r) => r.headers['api-version'])).toEqual(responses.map(() => API_VERSION));
  });

  it('is the OpenAPI info.version, and documented as a shared header on every response', async () => {
    const doc = (await api().get('/docs-json')).body as {
      info: { version: string };
      components: { headers: Record<string, unknown> };
      paths: Record<string, Record<string, { responses: Record<string, { headers?: Record<string, { $ref?: string }> }> }>>;
    };
    expect(doc.info.version).toBe(API_VERSION);
    expect(API_VERSION).toMatch(/^\d+\.\d+\.\d+$/);
    expect(doc.components.headers['API-Version']).toBeDefined();
    // 431 included: Node's HTTP parser refuses those before the application, and the answer is still ours
    const responses = Object.values(doc.paths).flatMap((item) => Object.values(item).flatMap((op) => Object.values(op.responses)));
    expect(responses.length).toBeGreaterThan(100);
    expect(responses.filter((r) => r.headers?.['API-Version']?.$ref !== '#/components/headers/API-Version')).toEqual([]);
  });
});

describe('paths and methods', () => {
  it('a trailing slash is another path, which does not exist: 404 problem+json', async () => {
    for (const path of ['/api/v1/households/', '/api/v1/life-domains/', '/health/live/', '/metrics/']) {
      const problem = expectProblem(await api().get(path).set(bearer(f.coordinator)).set(ENGLISH), 404, 'NOT_FOUND');
      expect(problem.detail).toContain('trailing');
    }
  });

  it('a wrong method on a known path is 405 problem+json with Allow listing the methods the path supports', async () => {
    const id = randomUUID();
    const cases: Array<[string, string, string[]]> = [
      ['delete', '/api/v1/households', ['GET', 'HEAD', 'POST']],
      ['put', `/api/v1/households/${id}`, ['GET', 'HEAD', 'PATCH']],
      ['get', `/api/v1/households/${id}/close`, ['POST']],
      ['delete', `/api/v1/households/${id}/plan`, ['GET', 'HEAD', 'PATCH', 'POST']],
      ['post', '/api/v1/supervision/stalled', ['GET', 'HEAD']],
      ['post', '/health/live', ['GET', 'HEAD']],
      ['delete', '/metrics', ['GET', 'HEAD']],
    ];
    const options = await api().options(`/api/v1/households/${id}`);
    expect(options.status).toBe(204);
    expect(options.headers.allow).toBe('GET, HEAD, PATCH');
    for (const [method, path, allow] of cases) {
      const res = await api()[method as 'get'](path).set(bearer(f.coordinator));
      expect(`${method} ${path} ${res.status}`).toBe(`${method} ${path} 405`);
      expectProblem(res, 405, 'METHOD_NOT_ALLOWED');
      expect(res.headers.allow).toBe(allow.join(', '));
    }
  });

  it('unknown routes inside and outside /api/v1 are problem+json 404s, never an HTML page', async () => {
    for (const path of ['/api/v1/nothing-here', '/nothing-here', '/api/v2/households', '/health/nothing', '/favicon.ico', '/docs/nothing.js', '/docs-nothing']) {
      for (const method of ['get', 'post', 'delete'] as const) {
        const res = await api()[method](path);
        expectProblem(res, 404, 'NOT_FOUND');
        expect(res.text).not.toMatch(/<html|<pre>/i);
      }
    }
  });

  it('health/ready answers 503 as problem+json (naming the failing check) when the database does not answer', async () => {
    // the controller's own indicator (terminus provides it per consumer): the database does not answer
    const indicator = (t.app.get(HealthController) as unknown as { database: TypeOrmHealthIndicator }).database;
    const spy = jest.spyOn(indicator, 'pingCheck').mockResolvedValue({ database: { status: 'down' } });
    try {
      const res = await api().get('/health/ready');
      const problem = expectProblem(res, 503, 'SERVICE_UNAVAILABLE');
      expect(problem).toEqual(expect.objectContaining({ checks: expect.objectContaining({ database: 'down' }) }));
      // the document states Retry-After on every 503
      expect(res.headers['retry-after']).toBe('5');
    } finally {
      spy.mockRestore();
    }
    expect((await api().get('/health/ready')).status).toBe(200);
  });

  it('health/ready says a draining process is shutting down, not that the database fails (an outside probe, stop 42)', async () => {
    const shutdown = t.app.get(ShutdownState);
    const draining = jest.spyOn(shutdown, 'draining', 'get').mockReturnValue(true);
    try {
      const res = await api().get('/health/ready').set('Accept-Language', 'en');
      const problem = expectProblem(res, 503, 'SERVICE_UNAVAILABLE');
      expect((problem as { checks?: unknown }).checks).toEqual({ process: 'down', database: 'up' });
      expect(problem.detail).toBe('This process is shutting down and takes no new requests: send them to another instance.');
      expect(res.headers['retry-after']).toBe('5');
    } finally {
      draining.mockRestore();
    }
    expect((await api().get('/health/ready')).status).toBe(200);
  });
});

describe('401 answers say how to authenticate (RFC 6750)', () => {
  it('without a token: WWW-Authenticate: Bearer', async () => {
    const res = await api().get('/api/v1/households');
    expectProblem(res, 401);
    expect(res.headers['www-authenticate']).toBe('Bearer');
    const dashboard = await api().get('/admin/queues');
    expect(dashboard.status).toBe(401);
    expect(dashboard.headers['www-authenticate']).toBe('Bearer');
  });

  it('with a bad token: WWW-Authenticate: Bearer error="invalid_token"', async () => {
    for (const token of ['not-a-jwt', 'eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJ4In0.c2lnbmF0dXJl']) {
      const res = await api().get('/api/v1/households').set(bearer(token));
      expectProblem(res, 401);
      expect(res.headers['www-authenticate']).toBe('Bearer error="invalid_token"');
      expect((await api().get('/admin/queues').set(bearer(token))).headers['www-authenticate']).toBe('Bearer error="invalid_token"');
    }
  });
});

describe('If-Match (RFC 9110 §13.1.1)', () => {
  it('an unparseable, weak, out-of-range or unknown ETag is 412; only a missing one (or *) is 428; nothing changes', async () => {
    const { householdId, etag } = await c.caseWithPlan(f);
    const patch = (ifMatch?: string) => {
      const req = api().patch(`/api/v1/households/${householdId}/plan`).set(bearer(f.coordinator));
      return (ifMatch === undefined ? req : req.set('If-Match', ifMatch)).send({ familyWishes: 'Nieuwe wens' });
    };
    for (const value of ['"bogus"', 'bogus', 'W/"1"', '"1", "2"', '"99"', '"99999999999"', '"0"', '"01"']) {
      const refused = expectProblem(await patch(value), 412, 'PRECONDITION_FAILED');
      // a form that can match no version is told so, not that someone else changed the plan (an outside probe)
      const formOnly = value !== '"99"';
      expect(refused.detail.includes('geen versie')).toBe(formOnly);
      expect(refused.detail.includes('iemand anders')).toBe(!formOnly);
    }
    const english = await api().patch(`/api/v1/households/${householdId}/plan`).set(bearer(f.coordinator)).set('Accept-Language', 'en').set('If-Match', `W/${etag}`).send({ familyWishes: 'x' });
    expect(expectProblem(english, 412).detail).toBe(`If-Match names no version of the plan: send exactly one ETag as you received it, without W/ and not as a list (now ${etag}).`);
    expectProblem(await patch(), 428, 'PRECONDITION_REQUIRED');
    expectProblem(await patch('*'), 428, 'PRECONDITION_REQUIRED');
    const household = await api().patch(`/api/v1/households/${householdId}`).set(bearer(f.coordinator)).set('If-Match', '"bogus"').send({ riskLevel: 'high' });
    expectProblem(household, 412, 'PRECONDITION_FAILED');
    const plan = await api().get(`/api/v1/households/${householdId}/plan`).set(bearer(f.coordinator));
    expect(plan.headers.etag).toBe(etag);
    expect((await patch(etag)).status).toBe(200);
  });

  it('the contract states the form If-Match must take on every route that reads it', async () => {
    const doc = (await api().get('/docs-json')).body as { paths: Record<string, Record<string, { parameters?: Array<{ in: string; name: string; required?: boolean; schema?: { pattern?: string } }> }>> };
    const headers = Object.values(doc.paths).flatMap((item) => Object.values(item).flatMap((op) => (op.parameters ?? []).filter((p) => p.in === 'header' && p.name === 'If-Match')));
    expect(headers.length).toBeGreaterThanOrEqual(10);
    for (const header of headers) {
      const pattern = new RegExp(header.schema!.pattern!);
      expect(['"3"', '"2147483647"'].every((v) => pattern.test(v))).toBe(true);
      expect(['W/"3"', '"3", "4"', '"0"', '"03"', 'bogus'].some((v) => pattern.test(v))).toBe(false);
      expect(pattern.test('*')).toBe(header.required !== true);
    }
  });

  it("ETag is only ever a versioned resource's version: no problem and no unversioned answer carries one", async () => {
    const { householdId, etag } = await c.caseWithPlan(f);
    const stale = await api().patch(`/api/v1/households/${householdId}/plan`).set(bearer(f.coordinator)).set('If-Match', '"99"').send({ familyWishes: 'Nieuwe wens' });
    expectProblem(stale, 412, 'PRECONDITION_FAILED');
    const others = await Promise.all([
      api().get(`/api/v1/households/${randomUUID()}`).set(bearer(f.coordinator)),
      api().get('/api/v1/households').set(bearer(f.coordinator)),
      api().get(`/api/v1/households/${householdId}/plan/revisions`).set(bearer(f.coordinator)),
      api().get('/api/v1/households'),
      api().get('/health/live'),
    ]);
    expect([stale, ...others].map((res) => [res.status, res.headers.etag])).toEqual([412, 404, 200, 200, 401, 200].map((status) => [status, undefined]));
    expect((await api().get(`/api/v1/households/${householdId}/plan`).set(bearer(f.coordinator))).headers.etag).toBe(etag);
  });
});

interface JsonSchema {
  $ref?: string;
  type?: string;
  properties?: Record<string, JsonSchema>;
  items?: JsonSchema;
  allOf?: JsonSchema[];
}
interface OpenApiDoc {
  paths: Record<string, Record<string, { requestBody?: { content: Record<string, { schema: JsonSchema }> } }>>;
  components: { schemas: Record<string, JsonSchema> };
}

/** Every string field of a schema as a path and a body that carries `value` in that field only. */
function stringFields(doc: OpenApiDoc, schema: JsonSchema, value: string, depth = 0): Array<{ field: string; body: unknown }> {
  const resolved = schema.$ref ? doc.components.schemas[schema.$ref.split('/').pop()!]! : schema;
  if (resolved.allOf) return resolved.allOf.flatMap((s) => stringFields(doc, s, value, depth));
  if (depth > 3) return [];
  if (resolved.type === 'string') return [{ field: '', body: value }];
  if (resolved.type === 'array' && resolved.items) {
    return stringFields(doc, resolved.items, value, depth + 1).map(({ field, body }) => ({ field: `[0]${field ? (field.startsWith('[') ? field : `.${field}`) : ''}`, body: [body] }));
  }
  const out: Array<{ field: string; body: unknown }> = [];
  for (const [name, property] of Object.entries(resolved.properties ?? {})) {
    for (const inner of stringFields(doc, property, value, depth + 1)) {
      const field = inner.field === '' ? name : inner.field.startsWith('[') ? `${name}${inner.field}` : `${name}.${inner.field}`;
      out.push({ field, body: { [name]: inner.body } });
    }
  }
  return out;
}

describe('no 5xx from any input', () => {
  it('a NUL byte in any string field of any POST, PUT or PATCH body (from the OpenAPI document) is a 400 naming that field', async () => {
    const doc = (await api().get('/docs-json')).body as OpenApiDoc;
    const cases: Array<{ method: string; path: string; field: string; body: unknown }> = [];
    for (const [template, item] of Object.entries(doc.paths)) {
      for (const [method, operation] of Object.entries(item)) {
        const schema = operation.requestBody?.content['application/json']?.schema;
        if (!['post', 'put', 'patch'].includes(method) || !schema) continue;
        const path = `/api/v1${template}`.replace(/\{number\}/g, '1').replace(/\{rule\}/g, 'NO_PLAN').replace(/\{[^}]+\}/g, () => randomUUID());
        for (const { field, body } of stringFields(doc, schema, NUL)) cases.push({ method, path, field, body });
      }
    }
    expect(cases.length).toBeGreaterThan(80);
    expect(new Set(cases.map((c) => `${c.method} ${c.path}`)).size).toBeGreaterThan(30);
    const wrong: string[] = [];
    for (const { method, path, field, body } of cases) {
      const res = await api()[method as 'post'](path).set(bearer(f.admin)).set('If-Match', '"1"').send(body as object);
      const fields = res.status === 400 ? problemFields(JSON.parse(res.text) as Parameters<typeof problemFields>[0]) : [];
      if (res.status !== 400 || fields.length !== 1 || fields[0] !== field) wrong.push(`${method.toUpperCase()} ${path} ${field}: ${res.status} ${fields.join(',')}`);
    }
    expect(wrong).toEqual([]);
  });

  it('NUL or an unpaired surrogate in the free text of the routes that crashed is a 400 naming the field; nothing is written', async () => {
    const householdId = await c.registerHousehold(f.coordinator);
    const { householdId: withPlan } = await c.caseWithPlan(f);
    const routes: Array<[string, string, Record<string, unknown>, string]> = [
      ['post', '/api/v1/households', { postcode: '1234 AB', houseNumber: 5, district: 'Noord', riskLevel: 'low', members: [{ givenName: 'Kim', familyName: 'Bos', dateOfBirth: '1990-01-01', role: 'parent' }] }, 'registrationReason'],
      ['post', `/api/v1/households/${householdId}/close`, {}, 'reason'],
      ['post', `/api/v1/households/${householdId}/plan`, { familyStrengths: 'Sterk', reviewDate: '2027-03-01' }, 'familyWishes'],
      ['post', `/api/v1/households/${householdId}/escalations`, {}, 'reason'],
      ['post', `/api/v1/households/${householdId}/members`, { familyName: 'Bos', dateOfBirth: '2015-05-05', role: 'child' }, 'givenName'],
      ['post', `/api/v1/households/${householdId}/contacts`, { kind: 'call', occurredAt: new Date().toISOString() }, 'note'],
    ];
    for (const text of [NUL, LONE_SURROGATE]) {
      for (const [method, path, body, field] of routes) {
        const res = await api()[method as 'post'](path).set(bearer(f.coordinator)).send({ ...body, [field]: text });
        expect(problemFields(expectProblem(res, 400, 'VALIDATION_FAILED'))).toEqual([field]);
      }
      const nested = await api().post('/api/v1/households').set(bearer(f.coordinator)).send({ ...routes[0]![2], registrationReason: 'Zorgen', members: [{ givenName: text, familyName: 'Bos', dateOfBirth: '1990-01-01', role: 'parent' }] });
      expect(problemFields(expectProblem(nested, 400, 'VALIDATION_FAILED'))).toEqual(['members[0].givenName']);
      const inKey = await api().post(`/api/v1/households/${withPlan}/escalations`).set(bearer(f.coordinator)).send({ reason: 'Zorgen', [text]: 'x' });
      expect(problemFields(expectProblem(inKey, 400, 'VALIDATION_FAILED'))).toEqual(['(property name)']);
    }
    const household = await api().get(`/api/v1/households/${householdId}`).set(bearer(f.coordinator));
    expect(household.body.status).not.toBe('closed');
    expect(household.body.members).toHaveLength(2);
    expect((await api().get(`/api/v1/households/${householdId}/plan`).set(bearer(f.coordinator))).status).toBe(404);
  });

  it('null in a field the document does not mark nullable is a 400 naming it, on the routes where it crashed or wrote a change of nothing', async () => {
    const { householdId, goal, action, planEtag } = await caseWithAction();
    const household = await api().get(`/api/v1/households/${householdId}`).set(bearer(f.coordinator));
    const householdEtag = household.headers.etag as string;
    const memberId = (household.body.members as Array<{ id: string }>)[0]!.id;
    const cases: Array<[string, string, string]> = [
      [`/api/v1/households/${householdId}`, householdEtag, 'postcode'],
      [`/api/v1/households/${householdId}`, householdEtag, 'houseNumber'],
      [`/api/v1/households/${householdId}`, householdEtag, 'district'],
      [`/api/v1/households/${householdId}`, householdEtag, 'riskLevel'],
      [`/api/v1/households/${householdId}/members/${memberId}`, householdEtag, 'givenName'],
      [`/api/v1/households/${householdId}/members/${memberId}`, householdEtag, 'role'],
      [`/api/v1/households/${householdId}/plan`, planEtag, 'familyWishes'],
      [`/api/v1/households/${householdId}/plan`, planEtag, 'networkMembers'],
      [`/api/v1/households/${householdId}/plan/goals/${goal.body.id as string}`, planEtag, 'title'],
      [`/api/v1/households/${householdId}/plan/goals/${goal.body.id as string}`, planEtag, 'domainCode'],
      [`/api/v1/households/${householdId}/plan/actions/${action.body.id as string}`, planEtag, 'description'],
      [`/api/v1/households/${householdId}/plan/actions/${action.body.id as string}`, planEtag, 'status'],
    ];
    const wrong: string[] = [];
    for (const [path, ifMatch, field] of cases) {
      const res = await api().patch(path).set(bearer(f.coordinator)).set('If-Match', ifMatch).send({ [field]: null });
      const fields = res.status === 400 ? problemFields(JSON.parse(res.text) as Parameters<typeof problemFields>[0]) : [];
      if (res.status !== 400 || fields.join() !== field) wrong.push(`${field}: ${res.status} ${res.text.slice(0, 160)}`);
    }
    expect(wrong).toEqual([]);
    // nothing was written: neither the household nor the plan has a new version
    expect((await api().get(`/api/v1/households/${householdId}`).set(bearer(f.coordinator))).headers.etag).toBe(householdEtag);
    expect((await api().get(`/api/v1/households/${householdId}/plan`).set(bearer(f.coordinator))).headers.etag).toBe(planEtag);
    // where null means something it is documented, and accepted: no review date, no due date
    const cleared = await api().patch(`/api/v1/households/${householdId}/plan`).set(bearer(f.coordinator)).set('If-Match', planEtag).send({ reviewDate: null });
    expect([cleared.status, cleared.body.reviewDate]).toEqual([200, null]);
  });

  it('JSON nested deeper than any body of the API is a 400, before authentication as after — not a stack overflow', async () => {
    const deep = `${'['.repeat(5000)}${']'.repeat(5000)}`;
    const nestedObject = JSON.stringify(Array.from({ length: 40 }).reduce<unknown>((inner) => ({ a: inner }), 'x'));
    for (const body of [deep, nestedObject]) {
      for (const caller of [{}, bearer(f.coordinator)]) {
        const res = await api().post('/api/v1/households').set(caller).set('Content-Type', 'application/json').send(body);
        expect(problemFields(expectProblem(res, 400, 'VALIDATION_FAILED'))[0]).toMatch(/^(\[0\]|a)/);
      }
    }
    expect(logLines.filter((line) => /RangeError|Maximum call stack/.test(line))).toEqual([]);
  });

  it('__proto__, constructor and prototype are refused like any unknown property (400 naming them), in a body and in a query', async () => {
    const body = '{"district":"Noord","__proto__":{"district":"Elders"}}';
    const patch = await api().post('/api/v1/households').set(bearer(f.coordinator)).set('Content-Type', 'application/json').send(body);
    expect(problemFields(expectProblem(patch, 400, 'VALIDATION_FAILED'))).toEqual(['__proto__']);
    const nested = await api().post('/api/v1/households').set(bearer(f.coordinator)).send({ members: [{ constructor: { prototype: 1 } }] });
    expect(problemFields(expectProblem(nested, 400, 'VALIDATION_FAILED'))).toEqual(['members[0].constructor']);
    const query = await api().get('/api/v1/households?prototype=1').set(bearer(f.coordinator));
    expect(problemFields(expectProblem(query, 400, 'VALIDATION_FAILED'))).toEqual(['prototype']);
  });

  it('the token endpoint takes at most 4 kB, as JSON as well as form-encoded, and says so', async () => {
    const padding = 'x'.repeat(5000);
    const json = await api().post('/api/v1/oauth/token').set(ENGLISH).send({ grant_type: 'client_credentials', client_id: 'c', client_secret: 's', pad: padding });
    const form = await api().post('/api/v1/oauth/token').set(ENGLISH).type('form').send({ grant_type: 'client_credentials', client_id: 'c', client_secret: 's', pad: padding });
    for (const res of [json, form]) expect(expectProblem(res, 413).detail).toBe("The request body is larger than 4 kB, this route's maximum; send less.");
  });

  it('NUL in a query or path parameter is a 400 naming the parameter', async () => {
    const query = await api().get(`/api/v1/households?text=${encodeURIComponent(NUL)}`).set(bearer(f.supervisor));
    expect(problemFields(expectProblem(query, 400, 'VALIDATION_FAILED'))).toEqual(['text']);
    const path = await api().put('/api/v1/supervision/rules/NO_PLAN%00').set(bearer(f.admin)).send({ thresholdDays: 14, enabled: true });
    expect(problemFields(expectProblem(path, 400, 'VALIDATION_FAILED'))).toEqual(['rule']);
    // a percent-encoded surrogate or broken UTF-8 cannot be decoded at all
    for (const broken of ['%ED%A0%80', '%E0%A4%A']) {
      expectProblem(await api().put(`/api/v1/supervision/rules/${broken}`).set(bearer(f.admin)).send({ thresholdDays: 14, enabled: true }), 400, 'VALIDATION_FAILED');
    }
  });

  it('an integer out of range in the path is a 400 naming it, never a database error', async () => {
    const { householdId } = await c.caseWithPlan(f);
    for (const n of ['2147483648', '99999999999999999999', '0', '-1', '1.5', 'abc']) {
      const res = await api().get(`/api/v1/households/${householdId}/plan/revisions/${n}`).set(bearer(f.coordinator));
      expect(problemFields(expectProblem(res, 400, 'VALIDATION_FAILED'))).toEqual(['number']);
    }
    expectProblem(await api().get(`/api/v1/households/${householdId}/plan/revisions/2147483647`).set(bearer(f.coordinator)), 404);
    expect((await api().get(`/api/v1/households/${householdId}/plan/revisions/1`).set(bearer(f.coordinator))).status).toBe(200);
    const limit = await api().get('/api/v1/households?limit=2147483648').set(bearer(f.supervisor));
    expect(problemFields(expectProblem(limit, 400, 'VALIDATION_FAILED'))).toEqual(['limit']);
  });

  it('a PATCH with nothing to change is a 400 NOTHING_TO_CHANGE on every PATCH route, and changes nothing', async () => {
    const { householdId, goal, action, planEtag } = await caseWithAction();
    const household = await api().get(`/api/v1/households/${householdId}`).set(bearer(f.coordinator));
    const memberId = (household.body.members as Array<{ id: string }>)[0]!.id;
    const patches: Array<[string, string]> = [
      [`/api/v1/households/${householdId}`, household.headers.etag as string],
      [`/api/v1/households/${householdId}/members/${memberId}`, household.headers.etag as string],
      [`/api/v1/households/${householdId}/plan`, planEtag],
      [`/api/v1/households/${householdId}/plan/goals/${goal.body.id as string}`, planEtag],
      [`/api/v1/households/${householdId}/plan/actions/${action.body.id as string}`, planEtag],
    ];
    for (const [path, ifMatch] of patches) {
      for (const body of [{}, undefined]) {
        const req = api().patch(path).set(bearer(f.coordinator)).set('If-Match', ifMatch);
        const res = body === undefined ? await req : await req.send(body);
        expectProblem(res, 400, 'NOTHING_TO_CHANGE');
      }
    }
    // the webhook PATCH crashed (500) on `{}`: the one rule holds there too (and for any PATCH route added later)
    const hook = await api().post(`/api/v1/organisations/${f.partnerOrganisationId}/webhooks`).set(bearer(f.admin)).send({ url: 'http://127.0.0.1:9/hook', eventTypes: ['*'] });
    expect(hook.status).toBe(201);
    expectProblem(await api().patch(`/api/v1/organisations/${f.partnerOrganisationId}/webhooks/${hook.body.id as string}`).set(bearer(f.admin)).send({}), 400, 'NOTHING_TO_CHANGE');
    expect((await api().get(`/api/v1/households/${householdId}/plan`).set(bearer(f.coordinator))).headers.etag).toBe(planEtag);
    expect((await api().get(`/api/v1/households/${householdId}`).set(bearer(f.coordinator))).headers.etag).toBe(household.headers.etag);
  });
});

describe('every combination of stall settings works', () => {
  it('with all eight rules switched off an evaluation answers 200, nothing fires, and what fired before is cleared', async () => {
    const g = await createTenantFixture(t.app);
    onDay(t.app, 0);
    const householdId = await c.registerHousehold(g.coordinator);
    onDay(t.app, 5);
    const before = await api().post('/api/v1/supervision/stalled/evaluate').set(bearer(g.supervisor));
    expect(before.status).toBe(200);
    expect(before.body.stalledHouseholds).toBe(1);
    for (const rule of STALL_RULES) {
      expect((await api().put(`/api/v1/supervision/rules/${rule}`).set(bearer(g.admin)).send({ thresholdDays: 1, enabled: false })).status).toBe(200);
    }
    const after = await api().post('/api/v1/supervision/stalled/evaluate').set(bearer(g.supervisor));
    expect(after.status).toBe(200);
    expect(after.body).toEqual(expect.objectContaining({ firing: 0, stalledHouseholds: 0, left: 1 }));
    expect(after.body.cleared).toBeGreaterThanOrEqual(1);
    const queue = await api().get('/api/v1/supervision/stalled').set(bearer(g.supervisor));
    expect((queue.body.items as Array<{ householdId: string }>).map((i) => i.householdId)).not.toContain(householdId);
    // the scheduled run covers this tenant as well
    await expect(t.app.get(MaintenanceScheduler).run()).resolves.toBeUndefined();
  });

  it('a failing scheduled run is counted in /metrics and logged with ids only', async () => {
    const failing = Object.assign(new Error(`kapot bij ${NUL}`), { code: '22021' });
    const spy = jest.spyOn(t.app.get(StallEvaluationService), 'evaluateTenant').mockRejectedValueOnce(failing);
    const counter = async () => {
      const text = (await api().get('/metrics')).text;
      return Number(/^eenplan_scheduled_job_failures_total\{task="evaluate-stalled-cases"\} (\d+)$/m.exec(text)?.[1] ?? 0);
    };
    const start = await counter();
    try {
      await expect(t.app.get(MaintenanceScheduler).run()).rejects.toThrow();
    } finally {
      spy.mockRestore();
    }
    expect(await counter()).toBe(start + 1);
    const logged = logLines.filter((l) => l.includes('scheduled stall evaluation failed'));
    expect(logged).toHaveLength(1);
    expect(logged[0]).toContain('"code":"22021"');
    expect(logLines.join('')).not.toContain('kapot bij');
  });
});
