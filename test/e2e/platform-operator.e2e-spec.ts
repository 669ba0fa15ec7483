import { randomUUID } from 'node:crypto';
import request from 'supertest';
import { TokenService } from '../../src/auth/token.service.js';
import { QueueBackend } from '../../src/queue/queue-backend.js';
import { CATALOGUE } from './authorization/catalogue.js';
import { bearer, createTenantFixture, expectProblem, startTestApp, systemDb, type TenantFixture, type TestApp } from './harness/index.js';

const DASHBOARD = '/admin/queues';
const OPERATOR = 'dev-operator';

interface LogRow {
  actor_kind: string;
  actor_id: string;
  actor_tenant_id: string | null;
  action: string;
  method: string;
  path: string;
  queue: string | null;
  job_id: string | null;
  http_status: number | null;
}

/** Every route of the dashboard a caller could try: the page, its reads and a write of each kind. */
const DASHBOARD_ROUTES: Array<{ method: 'get' | 'put' | 'post' | 'patch'; path: string }> = [
  { method: 'get', path: DASHBOARD },
  { method: 'get', path: `${DASHBOARD}/api/queues` },
  { method: 'get', path: `${DASHBOARD}/api/queues/events/job-1` },
  { method: 'get', path: `${DASHBOARD}/api/redis/stats` },
  { method: 'put', path: `${DASHBOARD}/api/queues/pause` },
  { method: 'put', path: `${DASHBOARD}/api/queues/resume` },
  { method: 'put', path: `${DASHBOARD}/api/queues/events/pause` },
  { method: 'put', path: `${DASHBOARD}/api/queues/events/resume` },
  { method: 'put', path: `${DASHBOARD}/api/queues/events/retry/failed` },
  { method: 'put', path: `${DASHBOARD}/api/queues/events/clean/completed` },
  { method: 'put', path: `${DASHBOARD}/api/queues/events/promote` },
  { method: 'put', path: `${DASHBOARD}/api/queues/events/empty` },
  { method: 'put', path: `${DASHBOARD}/api/queues/events/job-1/retry` },
  { method: 'put', path: `${DASHBOARD}/api/queues/events/job-1/clean` },
  { method: 'put', path: `${DASHBOARD}/api/queues/events/job-1/promote` },
  { method: 'post', path: `${DASHBOARD}/api/queues/events/add` },
  { method: 'patch', path: `${DASHBOARD}/api/queues/events/job-1/update-data` },
];

describe('platform operators: the queue dashboard is theirs alone, and no municipality is theirs', () => {
  let t: TestApp;
  let home: TenantFixture;
  let other: TenantFixture;
  let operatorToken: string;
  let householdId: string;
  const api = () => request(t.http);
  const logRows = (where: string, params: unknown[]) =>
    systemDb(t.app).query<LogRow[]>(`SELECT actor_kind, actor_id, actor_tenant_id, action, method, path, queue, job_id, http_status FROM operations_log WHERE ${where} ORDER BY occurred_at, id`, params);
  const isPaused = (name: 'events' | 'maintenance') => t.app.get(QueueBackend).queue(name).isPaused();

  beforeAll(async () => {
    // queues of their own (schema bullmq_opsdash), so pausing them here cannot stall any other test file
    t = await startTestApp({ QUEUE_PREFIX: 'opsdash' });
    home = await createTenantFixture(t.app, 'Operatorgemeente');
    other = await createTenantFixture(t.app, 'Buurgemeente');
    operatorToken = await t.app.get(TokenService).signDevOperatorToken(OPERATOR);
    const created = await api()
      .post('/api/v1/households')
      .set(bearer(home.coordinator))
      .send({ postcode: '3512 AB', houseNumber: 7, district: 'Centrum', registrationReason: 'Signaal school', riskLevel: 'medium', members: [] });
    expect(created.status).toBe(201);
    householdId = created.body.id as string;
    // a job in the shared events queue, like the 1,034 of the finding
    await t.app.get(QueueBackend).queue('events').add('fan-out', { eventId: randomUUID() }, { jobId: 'job-1', delay: 60_000 });
  });

  afterAll(async () => {
    await t.app.get(QueueBackend).queue('events').resume().catch(() => undefined);
    await t?.close();
  });

  it('refuses the own and another municipality\'s admin on every dashboard route, reads and writes alike, and logs each refusal', async () => {
    const answers: string[] = [];
    for (const admin of [home.admin, other.admin]) {
      for (const route of DASHBOARD_ROUTES) {
        const res = await api()[route.method](route.path).set(bearer(admin)).send({});
        answers.push(`${route.method.toUpperCase()} ${route.path} as ${admin === home.admin ? 'own' : 'other'} admin → ${res.status}`);
        if (res.status !== 403 && res.status !== 404) continue;
        expect(res.text).not.toContain('job-1');
      }
    }
    expect(answers.filter((a) => !/→ 40[34]$/.test(a))).toEqual([]);
    expect(await isPaused('events')).toBe(false);
    const refused = await logRows(`action = 'dashboard.denied' AND actor_id = ANY($1)`, [[home.admin.id, other.admin.id]]);
    expect(refused).toHaveLength(DASHBOARD_ROUTES.length * 2);
    expect(refused.every((r) => r.actor_kind === 'professional' && r.http_status === 403)).toBe(true);
    expect(new Set(refused.map((r) => r.actor_tenant_id))).toEqual(new Set([home.tenantId, other.tenantId]));
  });

  it('no tenant admin can pause a queue, not even with a token for another audience or none at all', async () => {
    expectProblem(await api().put(`${DASHBOARD}/api/queues/events/pause`).set(bearer(other.admin)), 403, 'OPERATORS_ONLY');
    expectProblem(await api().put(`${DASHBOARD}/api/queues/events/pause`), 401, 'TOKEN_MISSING');
    // an admin's own subject on a token for the operators' audience is still not an operator
    const forged = await t.app.get(TokenService).signDevOperatorToken(home.admin.authSubject);
    expectProblem(await api().put(`${DASHBOARD}/api/queues/events/pause`).set(bearer(forged)), 403, 'OPERATORS_ONLY');
    expect(await isPaused('events')).toBe(false);
  });

  it('lets an operator see the queues and pause and resume one; both actions are in the operations log with their answer', async () => {
    const page = await api().get(DASHBOARD).set(bearer(operatorToken));
    expect(page.status).toBe(200);
    expect(page.headers['content-type']).toMatch(/text\/html/);
    const listed = await api().get(`${DASHBOARD}/api/queues`).set(bearer(operatorToken));
    expect(listed.status).toBe(200);
    const queues = listed.body.queues as Array<{ name: string; counts: Record<string, number> }>;
    expect(queues.map((q) => q.name).sort()).toEqual(['emails', 'events', 'maintenance', 'webhooks']);
    expect(queues.find((q) => q.name === 'events')!.counts.delayed).toBe(1);

    expect((await api().put(`${DASHBOARD}/api/queues/events/pause`).set(bearer(operatorToken))).status).toBeLessThan(300);
    expect(await isPaused('events')).toBe(true);
    expect((await api().put(`${DASHBOARD}/api/queues/events/resume`).set(bearer(operatorToken))).status).toBeLessThan(300);
    expect(await isPaused('events')).toBe(false);

    // the answer is filled in once the response has gone out
    let rows: LogRow[] = [];
    for (let i = 0; i < 50 && !(rows.length === 2 && rows.every((r) => r.http_status !== null)); i++) {
      rows = await logRows(`actor_kind = 'operator' AND action IN ('queue.pause', 'queue.resume')`, []);
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    expect(rows).toEqual([
      { actor_kind: 'operator', actor_id: OPERATOR, actor_tenant_id: null, action: 'queue.pause', method: 'PUT', path: `${DASHBOARD}/api/queues/events/pause`, queue: 'events', job_id: null, http_status: 200 },
      { actor_kind: 'operator', actor_id: OPERATOR, actor_tenant_id: null, action: 'queue.resume', method: 'PUT', path: `${DASHBOARD}/api/queues/events/resume`, queue: 'events', job_id: null, http_status: 200 },
    ]);
    // reads are not logged
    expect(await logRows(`actor_kind = 'operator' AND method = 'GET' AND path LIKE '/admin/queues%'`, [])).toEqual([]);
  });

  it('an operator action is logged under the request id its answer carries in X-Request-Id', async () => {
    const paused = await api().put(`${DASHBOARD}/api/queues/webhooks/pause`).set(bearer(operatorToken));
    expect((await api().put(`${DASHBOARD}/api/queues/webhooks/resume`).set(bearer(operatorToken))).status).toBeLessThan(300);
    const id = paused.headers['x-request-id'] as string;
    expect(id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/);
    const rows = await systemDb(t.app).query<Array<{ action: string }>>(`SELECT action FROM operations_log WHERE request_id = $1`, [id]);
    expect(rows).toEqual([{ action: 'queue.pause' }]);
  });

  it('does not let an operator forge or rewrite job payloads, and logs the attempt', async () => {
    expectProblem(await api().post(`${DASHBOARD}/api/queues/events/add`).set(bearer(operatorToken)).send({ name: 'fan-out', data: { eventId: randomUUID() } }), 403, 'DASHBOARD_ACTION_DISABLED');
    expectProblem(await api().patch(`${DASHBOARD}/api/queues/events/job-1/update-data`).set(bearer(operatorToken)).send({ data: {} }), 403, 'DASHBOARD_ACTION_DISABLED');
    const rows = await logRows(`action IN ('job.add', 'job.update_data')`, []);
    expect(rows.map((r) => [r.action, r.http_status, r.job_id])).toEqual([
      ['job.add', 403, null],
      ['job.update_data', 403, 'job-1'],
    ]);
  });

  it('the operations log is append-only: no deletes, no edits, only a missing answer filled in once', async () => {
    const db = systemDb(t.app);
    await expect(db.query(`DELETE FROM operations_log`)).rejects.toThrow();
    await expect(db.query(`UPDATE operations_log SET action = 'queue.resume' WHERE action = 'queue.pause'`)).rejects.toThrow();
    await expect(db.query(`UPDATE operations_log SET http_status = 500 WHERE action = 'queue.pause'`)).rejects.toThrow(/append-only/);
  });

  it('answers an operator 403 on every /api/v1 route that needs a token — households, plans, audit reports, dead letters — and logs each refusal', async () => {
    const wrong: string[] = [];
    const paths: string[] = [];
    for (const entry of CATALOGUE) {
      const path = `/api/v1${entry.path.replace(/:householdId/g, householdId).replace(/:[A-Za-z]+/g, () => randomUUID())}`;
      paths.push(path);
      const method = entry.method.toLowerCase() as 'get' | 'post' | 'put' | 'patch' | 'delete';
      const res = await api()[method](path).set(bearer(operatorToken)).send(entry.method === 'GET' || entry.method === 'DELETE' ? undefined : {});
      if (res.status !== 403 || (res.body as { code?: string }).code !== 'NOT_AVAILABLE_TO_OPERATORS') wrong.push(`${entry.method} ${entry.path} → ${res.status}`);
      // The household's postcode and reason must not leak; case-sensitive so a random lowercase UUID cannot match.
      expect(res.text).not.toMatch(/3512 ?AB|Signaal school/);
    }
    expect(wrong).toEqual([]);
    const denied = await logRows(`action = 'api.denied' AND actor_id = $1`, [OPERATOR]);
    expect(denied).toHaveLength(CATALOGUE.length);
    expect(denied.every((r) => r.http_status === 403 && r.actor_kind === 'operator' && r.actor_tenant_id === null)).toBe(true);
  });

  it('the household, its plan and its access report stay closed to an operator, and nothing of the family comes back', async () => {
    for (const path of [`/households/${householdId}`, `/households/${householdId}/plan`, `/households/${householdId}/access-report`, '/households', '/admin/dead-letters']) {
      const problem = expectProblem(await api().get(`/api/v1${path}`).set(bearer(operatorToken)), 403, 'NOT_AVAILABLE_TO_OPERATORS');
      expect(JSON.stringify(problem)).not.toContain('Centrum');
    }
    // a professional's token is not an operator's: the API's audience never opens the operators' tools and back
    const asProfessional = await t.app.get(TokenService).signDevToken(OPERATOR);
    expectProblem(await api().get(`${DASHBOARD}/api/queues`).set(bearer(asProfessional)), 401, 'UNKNOWN_SUBJECT');
  });

  it('a municipality\'s admin lists and retries only their own municipality\'s dead letters', async () => {
    const db = systemDb(t.app);
    const insert = async (tenantId: string | null) =>
      ((await db.query(
        `INSERT INTO dead_letter (tenant_id, queue, job_name, job_id, payload, reason, attempts, failed_at) VALUES ($1, 'webhooks', 'deliver', $2, '{}'::jsonb, 'failed for good', 12, now()) RETURNING id`,
        [tenantId, randomUUID()],
      )) as Array<{ id: string }>)[0]!.id;
    const own = await insert(home.tenantId);
    const others = await insert(other.tenantId);
    const platform = await insert(null);
    const listed = await api().get('/api/v1/admin/dead-letters').query({ limit: 100 }).set(bearer(home.admin));
    expect(listed.status).toBe(200);
    expect((listed.body.items as Array<{ id: string }>).map((l) => l.id)).toEqual([own]);
    for (const id of [others, platform]) expectProblem(await api().post(`/api/v1/admin/dead-letters/${id}/retry`).set(bearer(home.admin)), 404, 'DEAD_LETTER_NOT_FOUND');
  });
});

describe('the queue dashboard switched off (QUEUE_DASHBOARD=false, the production default)', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp({ QUEUE_DASHBOARD: 'false', QUEUE_PREFIX: 'opsdash' });
  });
  afterAll(async () => {
    await t?.close();
  });

  it('does not exist, not even for an operator', async () => {
    const token = await t.app.get(TokenService).signDevOperatorToken(OPERATOR);
    expect((await request(t.http).get(`${DASHBOARD}/api/queues`).set(bearer(token))).status).toBe(404);
    expect((await request(t.http).put(`${DASHBOARD}/api/queues/events/pause`).set(bearer(token))).status).toBe(404);
  });
});
