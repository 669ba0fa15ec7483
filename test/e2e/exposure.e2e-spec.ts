import request from 'supertest';
import { bearer, createTenantFixture, expectProblem, startTestApp, systemDb, type TenantFixture, type TestApp } from './harness/index.js';

/**
 * What the service shows to whom outside the case data: the API docs (switchable, off by default in production,
 * with a Content-Security-Policy on Swagger UI), /metrics (behind METRICS_TOKEN), the identity-provider subject of
 * professionals (admins and the professional themselves only), and request ids (ours in the trail and the
 * answer; the caller's kept apart, and only when it looks like an id).
 */

const METRICS_TOKEN = 'metrics-token-for-the-tests-0123456789';
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

let t: TestApp;
let f: TenantFixture;

beforeAll(async () => {
  t = await startTestApp({ METRICS_TOKEN });
  f = await createTenantFixture(t.app);
});

afterAll(async () => {
  await t?.close();
});

describe('API docs', () => {
  it('serves Swagger UI with a Content-Security-Policy that allows only its own scripts', async () => {
    const res = await request(t.http).get('/docs/');
    expect(res.status).toBe(200);
    expect(res.text).toContain('swagger-ui-bundle.js');
    const csp = res.headers['content-security-policy'] as string;
    expect(csp).toContain("script-src 'self'");
    expect(csp).toContain("default-src 'none'");
    expect(csp).toContain("frame-ancestors 'none'");
    expect(csp).not.toMatch(/script-src[^;]*unsafe/);
    // the page's own scripts and the document it loads stay reachable under that policy
    expect(res.text).not.toMatch(/<script>(?!\s*<\/script>)/);
    for (const asset of ['/docs/swagger-ui-bundle.js', '/docs/swagger-ui-init.js', '/docs-json']) expect((await request(t.http).get(asset)).status).toBe(200);
  });

  it('are switched off with API_DOCS=false (the production default)', async () => {
    const off = await startTestApp({ API_DOCS: 'false', METRICS: 'false' });
    try {
      // outside /api/v1 an unknown path is Express's plain 404, as for any other path there
      for (const path of ['/docs/', '/docs-json']) {
        const res = await request(off.http).get(path);
        expect(res.status).toBe(404);
        expect(res.text).not.toMatch(/swagger|openapi/i);
      }
      expectProblem(await request(off.http).get('/metrics'), 404);
    } finally {
      await off.close();
    }
  });
});

describe('/metrics', () => {
  it('needs the metrics token: none or a wrong one is a 401, a user token is not enough', async () => {
    const missing = await request(t.http).get('/metrics');
    expectProblem(missing, 401, 'TOKEN_MISSING');
    expect(missing.headers['www-authenticate']).toBe('Bearer realm="metrics"');
    expectProblem(await request(t.http).get('/metrics').set(bearer('wrong-token')), 401, 'TOKEN_INVALID');
    expectProblem(await request(t.http).get('/metrics').set(bearer(f.admin)), 401, 'TOKEN_INVALID');
    const ok = await request(t.http).get('/metrics').set(bearer(METRICS_TOKEN));
    expect(ok.status).toBe(200);
    expect(ok.text).toContain('# HELP');
  });
});

describe('authSubject of professionals', () => {
  type Listed = { id: string; authSubject?: string };
  const list = async (who: { token: string }) => ((await request(t.http).get('/api/v1/professionals').query({ limit: 100 }).set(bearer(who))).body as { items: Listed[] }).items;

  it('GET /professionals shows every authSubject to admins, and to anyone else only their own', async () => {
    const forAdmin = await list(f.admin);
    expect(forAdmin.length).toBeGreaterThanOrEqual(6);
    expect(forAdmin.every((p) => typeof p.authSubject === 'string')).toBe(true);

    for (const who of [f.coordinator, f.supervisor, f.partner]) {
      const items = await list(who);
      expect(items.length).toBe(forAdmin.length);
      expect(items.filter((p) => 'authSubject' in p).map((p) => [p.id, p.authSubject])).toEqual([[who.id, who.authSubject]]);
    }
  });

  it('GET /professionals/{id} shows it to admins and to the professional themselves only', async () => {
    const get = (who: { token: string }, id: string) => request(t.http).get(`/api/v1/professionals/${id}`).set(bearer(who));
    expect((await get(f.admin, f.coordinator.id)).body).toMatchObject({ id: f.coordinator.id, authSubject: f.coordinator.authSubject });
    expect((await get(f.coordinator, f.coordinator.id)).body).toMatchObject({ authSubject: f.coordinator.authSubject });
    const other = await get(f.coordinator, f.partner.id);
    expect(other.status).toBe(200);
    expect(other.body).not.toHaveProperty('authSubject');
    expect((await get(f.partner, f.admin.id)).body).not.toHaveProperty('authSubject');
  });

  it('the OpenAPI document says authSubject is optional and admin-only', async () => {
    const doc = (await request(t.http).get('/docs-json')).body as { components: { schemas: Record<string, { required?: string[]; properties: Record<string, { description?: string }> }> } };
    const schema = doc.components.schemas.ProfessionalDto!;
    expect(schema.required ?? []).not.toContain('authSubject');
    expect(schema.properties.authSubject?.description).toMatch(/admin-only/i);
  });
});

describe('request ids', () => {
  async function auditedRead(requestId: string | undefined) {
    const call = request(t.http).get(`/api/v1/professionals/${f.partner.id}`).set(bearer(f.coordinator));
    const res = await (requestId === undefined ? call : call.set('X-Request-Id', requestId));
    expect(res.status).toBe(200);
    const ours = res.headers['x-request-id'] as string;
    const rows = await systemDb(t.app).query<Array<{ request_id: string; caller_request_id: string | null }>>(
      `SELECT request_id, caller_request_id FROM audit_event WHERE tenant_id = $1 AND request_id = $2`,
      [f.tenantId, ours],
    );
    return { ours, rows };
  }

  it('the answer and the audit trail carry our own request id; the caller’s is kept apart when it looks like an id', async () => {
    const { ours, rows } = await auditedRead('partner-4711:retry.2');
    expect(ours).toMatch(UUID);
    expect(rows).toEqual([{ request_id: ours, caller_request_id: 'partner-4711:retry.2' }]);
  });

  it.each([
    ['with spaces and markup', 'x <script>alert(1)</script>'],
    ['of 65 characters', 'a'.repeat(65)],
    ['with a slash', 'tenant/other'],
  ])('drops a caller request id %s, and never takes it as ours', async (_name, value) => {
    const { ours, rows } = await auditedRead(value);
    expect(ours).toMatch(UUID);
    expect(rows).toEqual([{ request_id: ours, caller_request_id: null }]);
  });

  it('two requests with the same caller request id get different ids of ours', async () => {
    const first = await auditedRead('same-id');
    const second = await auditedRead('same-id');
    expect(first.ours).not.toBe(second.ours);
    expect([...first.rows, ...second.rows].map((r) => r.caller_request_id)).toEqual(['same-id', 'same-id']);
  });
});
