import { spawnSync } from 'node:child_process';
import path from 'node:path';
import pg from 'pg';
import request from 'supertest';
import { AuditSealer } from '../../src/audit/audit-sealer.service.js';
import { Clock } from '../../src/common/clock.js';
import { RetentionEngine, type RetentionReport } from '../../src/privacy/retention/retention-engine.service.js';
import { MaintenanceScheduler } from '../../src/scheduler/maintenance-scheduler.js';
import { bearer, createProfessional, createTenantFixture, expectProblem, startTestApp, systemDb, type TenantFixture, type TestApp, type UserFixture } from './harness/index.js';
import { caseApi } from './support/case.js';

/**
 * Retention (issue 13, items 1–3): the privacy officer's schedule and legal holds through the API, and what the
 * engine removes and keeps — a closed case past its period goes whole, an open, recent or held case stays (with
 * its timeline), audit months are retired under a signed record so verification still holds, every run is recorded,
 * and running again removes nothing more.
 */
const ROOT = path.resolve(import.meta.dirname, '../..');
let t: TestApp;
let c: ReturnType<typeof caseApi>;
let f: TenantFixture;
let officer: UserFixture;

beforeAll(async () => {
  t = await startTestApp();
  c = caseApi(t);
  f = await createTenantFixture(t.app, 'Bewaargemeente');
  officer = await createProfessional(t.app, { tenantId: f.tenantId, organisationId: f.ownOrganisationId, name: 'Fenna FG', roles: ['privacy_officer'] });
});

afterAll(async () => {
  await t?.close();
});

const api = () => request(t.http);
const db = () => systemDb(t.app);

async function setPeriod(as: UserFixture, category: string, amount: number, unit: string): Promise<request.Response> {
  const schedule = await api().get('/api/v1/privacy/retention/schedule').set(bearer(as));
  return api().put(`/api/v1/privacy/retention/schedule/${category}`).set(bearer(as)).set('If-Match', schedule.headers.etag as string).send({ amount, unit });
}

/** A case with a plan, a contact moment and its history; closed, and its closure moved `monthsAgo` into the past. */
async function closedCase(fixture: TenantFixture, monthsAgo: number): Promise<string> {
  const { householdId } = await c.caseWithPlan(fixture);
  expect((await api().post(`/api/v1/households/${householdId}/contacts`).set(bearer(fixture.coordinator)).send({ kind: 'home_visit', occurredAt: new Date(Date.now() - 3_600_000).toISOString(), note: 'Huisbezoek' })).status).toBe(201);
  expect((await api().post(`/api/v1/households/${householdId}/close`).set(bearer(fixture.coordinator)).send({ reason: 'Doelen bereikt' })).status).toBe(200);
  await db().query(`UPDATE household SET closed_at = now() - make_interval(months => $2) WHERE id = $1`, [householdId, monthsAgo]);
  return householdId;
}

const report = (reports: RetentionReport[], category: string) => reports.find((r) => r.tenantId === f.tenantId && r.category === category)!;
const run = (mode: 'dry_run' | 'apply') => t.app.get(RetentionEngine).run({ mode, trigger: 'cli', tenantId: f.tenantId });
const rowsOf = async (table: string, householdId: string) => Number((await db().query<[{ n: string }]>(`SELECT count(*) AS n FROM ${table} WHERE household_id = $1`, [householdId]))[0].n);

describe('the retention schedule', () => {
  it('shows the privacy officer every category with its legal basis, start moment and period, under an ETag', async () => {
    const res = await api().get('/api/v1/privacy/retention/schedule').set(bearer(officer));
    expect(res.status).toBe(200);
    expect(res.headers.etag).toBe('"1"');
    const items = res.body.items as Array<{ category: string; period: unknown; startsAt: string; legalBasis: string; configurable: boolean }>;
    expect(items.map((i) => i.category)).toEqual(['case_file', 'signals', 'audit_events', 'inbox_items', 'emails', 'webhook_deliveries', 'idempotency_records', 'outbox_events', 'privacy_requests']);
    expect(items.find((i) => i.category === 'privacy_requests')).toMatchObject({ period: { amount: 2, unit: 'years' }, startsAt: 'request_completion', configurable: true });
    expect(items[0]).toMatchObject({ period: { amount: 7, unit: 'years' }, startsAt: 'case_closure', configurable: true });
    expect(items.find((i) => i.category === 'idempotency_records')).toMatchObject({ period: { amount: 24, unit: 'hours' }, configurable: false });
    for (const item of items) expect(item.legalBasis.length).toBeGreaterThan(10);
    expect((await api().get('/api/v1/privacy/retention/schedule').set(bearer(f.supervisor))).status).toBe(403);
  });

  it('is changed per category under If-Match, within bounds, and never with audit events shorter than the case file', async () => {
    const g = await createTenantFixture(t.app, 'Schemagemeente');
    const fg = await createProfessional(t.app, { tenantId: g.tenantId, organisationId: g.ownOrganisationId, roles: ['privacy_officer'] });
    const put = (category: string, body: object, etag?: string) => {
      const req = api().put(`/api/v1/privacy/retention/schedule/${category}`).set(bearer(fg));
      return (etag ? req.set('If-Match', etag) : req).send(body);
    };
    expectProblem(await put('case_file', { amount: 10, unit: 'years' }), 428);
    const changed = await put('case_file', { amount: 5, unit: 'years' }, '"1"');
    expect(changed.status).toBe(200);
    expect(changed.headers.etag).toBe('"2"');
    expect(changed.body).toMatchObject({ category: 'case_file', period: { amount: 5, unit: 'years' }, overridden: true, updatedById: fg.id });
    expectProblem(await put('case_file', { amount: 6, unit: 'years' }, '"1"'), 412);
    expect(expectProblem(await put('case_file', { amount: 9, unit: 'years' }, '"2"'), 422).code).toBe('RETENTION_AUDIT_TOO_SHORT');
    expect(expectProblem(await put('signals', { amount: 1, unit: 'years' }, '"2"'), 422).code).toBe('RETENTION_PERIOD_OUT_OF_BOUNDS');
    expect(expectProblem(await put('idempotency_records', { amount: 2, unit: 'days' }, '"2"'), 422).code).toBe('RETENTION_CATEGORY_FIXED');
    expect(expectProblem(await put('letters', { amount: 2, unit: 'days' }, '"2"'), 404).code).toBe('RETENTION_CATEGORY_NOT_FOUND');
    expectProblem(await put('inbox_items', { amount: 0, unit: 'days' }, '"2"'), 400);
    // the other municipality still has the defaults
    expect((await api().get('/api/v1/privacy/retention/schedule').set(bearer(officer))).body.items[0].period).toEqual({ amount: 7, unit: 'years' });
  });
});

describe('legal holds', () => {
  it('are placed, listed and lifted by the privacy officer only, with reasons, and audited', async () => {
    const householdId = await c.registerHousehold(f.coordinator);
    const placed = await api().post(`/api/v1/households/${householdId}/legal-holds`).set(bearer(officer)).send({ reason: 'Bezwaarprocedure 2026-117' });
    expect(placed.status).toBe(201);
    expect(placed.headers.location).toBe(`/api/v1/households/${householdId}/legal-holds/${placed.body.id}`);
    expect(placed.body).toMatchObject({ householdId, reason: 'Bezwaarprocedure 2026-117', active: true, placedById: officer.id, liftedAt: null });
    expect((await api().post(`/api/v1/households/${householdId}/legal-holds`).set(bearer(f.supervisor)).send({ reason: 'x' })).status).toBe(403);
    expect((await api().post(`/api/v1/households/${householdId}/legal-holds`).set(bearer(f.coordinator)).send({ reason: 'x' })).status).toBe(403);
    expectProblem(await api().post(`/api/v1/households/${householdId}/legal-holds`).set(bearer(officer)).send({ reason: '  ' }), 400);

    const list = await api().get(`/api/v1/households/${householdId}/legal-holds`).set(bearer(officer));
    expect(list.status).toBe(200);
    expect(list.body.items.map((h: { id: string }) => h.id)).toEqual([placed.body.id]);

    const lift = (holdId: string) => api().post(`/api/v1/households/${householdId}/legal-holds/${holdId}/lift`).set(bearer(officer)).send({ reason: 'Procedure afgerond' });
    const lifted = await lift(placed.body.id);
    expect(lifted.status).toBe(200);
    expect(lifted.body).toMatchObject({ active: false, liftedById: officer.id, liftReason: 'Procedure afgerond' });
    expect(expectProblem(await lift(placed.body.id), 409).code).toBe('LEGAL_HOLD_ALREADY_LIFTED');
    expect(expectProblem(await lift('00000000-0000-4000-8000-000000000000'), 404).code).toBe('LEGAL_HOLD_NOT_FOUND');

    const other = await createTenantFixture(t.app, 'Anderegemeente');
    const otherOfficer = await createProfessional(t.app, { tenantId: other.tenantId, organisationId: other.ownOrganisationId, roles: ['privacy_officer'] });
    expect(expectProblem(await api().post(`/api/v1/households/${householdId}/legal-holds`).set(bearer(otherOfficer)).send({ reason: 'x' }), 404).code).toBe('HOUSEHOLD_NOT_FOUND');

    const audited = await db().query<Array<{ action: string; household_id: string; legal_basis: string }>>(
      `SELECT action, household_id, legal_basis FROM audit_event WHERE tenant_id = $1 AND resource_type = 'legal_hold' AND outcome = 'success' ORDER BY seq`,
      [f.tenantId],
    );
    expect(audited.map((e) => e.action)).toEqual(['create', 'search', 'update']);
    expect(audited.every((e) => e.household_id === householdId && e.legal_basis === 'audit_role')).toBe(true);
  });
});

describe('the retention engine', () => {
  let expired: string;
  let held: string;
  let open: string;
  let recent: string;
  let holdId: string;
  let oldSignal: string;
  let newSignal: string;
  const months = { retirable: '', kept: '' };
  let neighbour: TenantFixture;

  beforeAll(async () => {
    expect((await setPeriod(officer, 'case_file', 1, 'years')).status).toBe(200);
    expect((await setPeriod(officer, 'audit_events', 1, 'years')).status).toBe(200);
    expired = await closedCase(f, 24);
    held = await closedCase(f, 24);
    recent = await closedCase(f, 3);
    ({ householdId: open } = await c.caseWithPlan(f));
    holdId = (await api().post(`/api/v1/households/${held}/legal-holds`).set(bearer(officer)).send({ reason: 'Klachtprocedure' })).body.id as string;
    // two signals about an unknown family: one reported six years ago (past the 5 years), one today
    const reportSignal = () => api().post('/api/v1/signals').set(bearer(f.partner)).send({ postcode: '9999 ZZ', houseNumber: 7, dateOfBirth: '2015-01-01', category: 'school_absence', severity: 'medium', note: 'Veel verzuim' });
    [oldSignal, newSignal] = [(await reportSignal()).body.id as string, (await reportSignal()).body.id as string];
    await db().query(`UPDATE signal SET created_at = now() - interval '6 years' WHERE id = $1`, [oldSignal]);

    // two old months of the audit trail: one about the expired case only, one that also concerns the open case
    await db().query(`SELECT audit_ensure_partitions(now() - interval '16 months', 1)`);
    const [{ retirable, kept }] = await db().query<[{ retirable: string; kept: string }]>(
      `SELECT to_char(date_trunc('month', now() - interval '15 months'), 'YYYY-MM-DD') AS retirable, to_char(date_trunc('month', now() - interval '14 months'), 'YYYY-MM-DD') AS kept`,
    );
    Object.assign(months, { retirable, kept });
    const oldEvent = (month: string, householdId: string | null, tenant: TenantFixture = f) =>
      db().query(
        `INSERT INTO audit_event (recorded_at, tenant_id, occurred_at, action, outcome, actor_kind, professional_id, organisation_id, roles, resource_type, household_id, member_ids, purpose, legal_basis, route, http_status)
         VALUES ($2::timestamp AT TIME ZONE 'UTC' + interval '2 days', $1, $2::timestamp AT TIME ZONE 'UTC' + interval '2 days', 'read', 'success', 'professional', $3, $4, ARRAY['coordinator'], 'household', $5, '{}', 'case_coordination', 'coordinator', 'GET /api/v1/households/:householdId', 200)`,
        [tenant.tenantId, month, tenant.coordinator.id, tenant.ownOrganisationId, householdId],
      );
    await oldEvent(retirable, expired);
    await oldEvent(retirable, null);
    await oldEvent(kept, open);
    // another municipality (default schedule: 8 years) shares the month's partition: it cannot be dropped, so this
    // municipality's rows of the month are deleted row by row
    neighbour = await createTenantFixture(t.app, 'Buurgemeente');
    await oldEvent(retirable, null, neighbour);
    await t.app.get(AuditSealer).sealNow();
  });

  it('a dry run lists what would go and why, names the held case, and removes nothing', async () => {
    const { reports } = await run('dry_run');
    expect(report(reports, 'case_file')).toMatchObject({ eligible: 2, held: 1, removed: 0 });
    expect(report(reports, 'case_file').notes).toEqual(['1 held (legal hold)']);
    expect(report(reports, 'case_file').rule).toMatch(/^1 year after case closure \(cut-off /);
    // both old months still concern a case that exists (the dry run deletes nothing, so the expired case is still there)
    expect(report(reports, 'audit_events')).toMatchObject({ eligible: 3, kept: 3, removed: 0 });
    expect(report(reports, 'audit_events').notes).toEqual(['2 month(s) kept: they concern cases or signals still kept']);
    expect(await rowsOf('member', expired)).toBe(2);
  });

  it('the command line shows the same, with its progress on stderr', () => {
    const cli = spawnSync(process.execPath, [path.join(ROOT, 'dist/src/cli/retention.js'), '--dry-run', '--tenant', f.tenantId], {
      env: { ...process.env, DATA_DIR: process.env.TEST_DATA_DIR, NODE_ENV: 'test', LOG_LEVEL: 'warn' },
      encoding: 'utf8',
      timeout: 60_000,
    });
    expect(cli.stderr).toContain('Retention (dry run)');
    expect(cli.status).toBe(0);
    expect(cli.stdout).toMatch(/case_file\s+2 expired, 1 would go, 1 held, 0 kept/);
    expect(cli.stdout).toContain('1 held (legal hold)');
  });

  it('apply deletes the expired case whole, keeps the held, recent and open ones, and the open case’s timeline still works', async () => {
    const { reports } = await run('apply');
    expect(report(reports, 'case_file')).toMatchObject({ eligible: 2, held: 1, removed: 1 });
    expect(report(reports, 'signals')).toMatchObject({ eligible: 1, removed: 1 });
    const signals = await db().query<Array<{ id: string }>>('SELECT id FROM signal WHERE id = ANY($1::uuid[])', [[oldSignal, newSignal]]);
    expect(signals.map((r) => r.id)).toEqual([newSignal]);
    // the case goes first, so the audit month that only concerned it is retired in the same run
    expect(report(reports, 'audit_events')).toMatchObject({ eligible: 3, kept: 1, removed: 2 });
    for (const table of ['household_episode', 'member', 'plan', 'contact', 'outbox_event', 'coordinator_assignment', 'notification']) expect([table, await rowsOf(table, expired)]).toEqual([table, 0]);
    expect((await db().query('SELECT 1 FROM household WHERE id = $1', [expired])).length).toBe(0);
    expect((await api().get(`/api/v1/households/${expired}`).set(bearer(f.supervisor))).status).toBe(404);
    for (const kept of [held, recent, open]) expect((await api().get(`/api/v1/households/${kept}`).set(bearer(f.supervisor))).status).toBe(200);
    expect(await rowsOf('plan', held)).toBe(1);
    const timeline = await api().get(`/api/v1/households/${open}/timeline`).set(bearer(f.coordinator));
    expect(timeline.status).toBe(200);
    expect(timeline.body.items.length).toBeGreaterThan(0);
  });

  it('retires the audit month that concerns no kept case under a signed record; verification still holds', async () => {
    const retired = await db().query<Array<{ segment: string }>>(`SELECT to_char(segment, 'YYYY-MM-DD') AS segment FROM audit_retirement WHERE tenant_id = $1`, [f.tenantId]);
    expect(retired.map((r) => r.segment)).toEqual([months.retirable]);
    const left = async (month: string) =>
      Number((await db().query<[{ n: string }]>(`SELECT count(*) AS n FROM audit_event WHERE tenant_id = $1 AND recorded_at >= $2::timestamp AT TIME ZONE 'UTC' AND recorded_at < ($2::timestamp + interval '1 month') AT TIME ZONE 'UTC'`, [f.tenantId, month]))[0].n);
    expect(await left(months.retirable)).toBe(0);
    expect(await left(months.kept)).toBe(1);
    const verify = await api().get('/api/v1/audit/verify').set(bearer(officer));
    expect(verify.status).toBe(200);
    expect(verify.body).toMatchObject({ ok: true, reason: null });
    // the neighbour's event of that month stays, and its chain still verifies
    const neighbourEvents = await db().query(`SELECT 1 FROM audit_event WHERE tenant_id = $1 AND recorded_at < now() - interval '1 year'`, [neighbour.tenantId]);
    expect(neighbourEvents.length).toBe(1);
    expect((await api().get('/api/v1/audit/verify').set(bearer(neighbour.admin))).body).toMatchObject({ ok: true });
  });

  it('the database refuses to delete audit events of a month that was not retired, to the owner too', async () => {
    const month = [f.tenantId, months.kept];
    const range = `tenant_id = $1 AND recorded_at >= $2::timestamp AT TIME ZONE 'UTC' AND recorded_at < ($2::timestamp + interval '1 month') AT TIME ZONE 'UTC'`;
    await expect(db().query(`DELETE FROM audit_event WHERE ${range}`, month)).rejects.toThrow(/permission denied/);
    await expect(db().query(`SELECT audit_purge_retired($1, $2::date, 100)`, month)).rejects.toThrow(/is not retired/);
    const owner = new pg.Client({ connectionString: process.env.DATABASE_URL });
    await owner.connect();
    try {
      await expect(owner.query(`DELETE FROM audit_event WHERE ${range}`, month)).rejects.toThrow(/append-only/);
    } finally {
      await owner.end();
    }
  });

  it('records every run for the privacy officer', async () => {
    const res = await api().get('/api/v1/privacy/retention/runs?limit=100').set(bearer(officer));
    expect(res.status).toBe(200);
    const runs = res.body.items as Array<{ category: string; mode: string; removed: number; held: number; status: string; durationMs: number; trigger: string }>;
    expect(runs.find((r) => r.category === 'case_file' && r.mode === 'apply')).toMatchObject({ removed: 1, held: 1, status: 'completed', trigger: 'cli' });
    expect(runs.filter((r) => r.mode === 'dry_run' && r.category === 'case_file').length).toBeGreaterThanOrEqual(2);
    expect((await api().get('/api/v1/privacy/retention/runs').set(bearer(f.admin))).status).toBe(403);
  });

  it('running again removes nothing more; once the hold is lifted the held case goes too', async () => {
    await t.app.get(MaintenanceScheduler).runTask('apply-retention');
    const again = await run('apply');
    expect(again.reports.filter((r) => r.tenantId === f.tenantId).reduce((n, r) => n + r.removed, 0)).toBe(0);
    expect((await api().post(`/api/v1/households/${held}/legal-holds/${holdId}/lift`).set(bearer(officer)).send({ reason: 'Klacht afgehandeld' })).status).toBe(200);
    const afterLift = await run('apply');
    expect(report(afterLift.reports, 'case_file')).toMatchObject({ eligible: 1, held: 0, removed: 1 });
    expect((await db().query('SELECT 1 FROM household WHERE id = $1', [held])).length).toBe(0);
    expect((await api().get(`/api/v1/households/${recent}`).set(bearer(f.supervisor))).status).toBe(200);
  });
});

describe('a case named in an AVG request', () => {
  it('is kept past its period while the request is open, and the dry run says why', async () => {
    const g = await createTenantFixture(t.app, 'Verzoekgemeente');
    const gOfficer = await createProfessional(t.app, { tenantId: g.tenantId, organisationId: g.ownOrganisationId, name: 'Gijs FG', roles: ['privacy_officer'] });
    expect((await setPeriod(gOfficer, 'case_file', 1, 'years')).status).toBe(200);
    const named = await closedCase(g, 24);
    const unnamed = await closedCase(g, 24);
    const request = await api().post('/api/v1/privacy/requests').set(bearer(gOfficer)).send({ kind: 'erasure', householdId: named, reason: 'Verzoek van de burger', reference: 'Brief 1-12-2026' });
    expect(request.status).toBe(201);

    const runFor = (mode: 'dry_run' | 'apply') => t.app.get(RetentionEngine).run({ mode, trigger: 'cli', tenantId: g.tenantId });
    const caseFile = (reports: RetentionReport[]) => reports.find((r) => r.tenantId === g.tenantId && r.category === 'case_file')!;
    const dry = caseFile((await runFor('dry_run')).reports);
    expect(dry).toMatchObject({ eligible: 2, held: 1, removed: 0 });
    expect(dry.notes).toEqual(['1 held (AVG request open or within its retention period)']);

    expect(caseFile((await runFor('apply')).reports)).toMatchObject({ eligible: 2, held: 1, removed: 1 });
    expect((await db().query('SELECT 1 FROM household WHERE id = $1', [unnamed])).length).toBe(0);
    expect((await db().query('SELECT 1 FROM household WHERE id = $1', [named])).length).toBe(1);
    expect((await api().get(`/api/v1/privacy/requests/${request.body.id as string}`).set(bearer(gOfficer))).status).toBe(200);
  });

  it('goes, with its request, once the request was finished longer ago than the requests period; not before', async () => {
    const g = await createTenantFixture(t.app, 'Verzoekbewaargemeente');
    const gOfficer = await createProfessional(t.app, { tenantId: g.tenantId, organisationId: g.ownOrganisationId, name: 'Gert FG', roles: ['privacy_officer'] });
    expect((await setPeriod(gOfficer, 'case_file', 1, 'years')).status).toBe(200);
    const named = await closedCase(g, 24);
    const recorded = await api().post('/api/v1/privacy/requests').set(bearer(gOfficer)).send({ kind: 'erasure', householdId: named, reason: 'Verzoek van de burger' });
    expect(recorded.status).toBe(201);
    const requestId = recorded.body.id as string;
    expect((await api().post(`/api/v1/privacy/requests/${requestId}/reject`).set(bearer(g.supervisor)).send({ reason: 'Bewaarplicht' })).status).toBe(200);

    const runFor = (mode: 'dry_run' | 'apply') => t.app.get(RetentionEngine).run({ mode, trigger: 'cli', tenantId: g.tenantId });
    const of = (reports: RetentionReport[], category: string) => reports.find((r) => r.tenantId === g.tenantId && r.category === category)!;
    const justRejected = (await runFor('apply')).reports;
    expect(of(justRejected, 'privacy_requests')).toMatchObject({ eligible: 0, removed: 0 });
    expect(of(justRejected, 'case_file')).toMatchObject({ eligible: 1, held: 1, removed: 0 });
    expect((await api().get(`/api/v1/privacy/requests/${requestId}`).set(bearer(gOfficer))).status).toBe(200);

    // two years and two days later (the default requests period is 2 years from the rejection)
    const clock = t.app.get(Clock);
    clock.advance((2 * 366 + 2) * 86_400_000);
    try {
      const dry = (await runFor('dry_run')).reports;
      expect(of(dry, 'privacy_requests')).toMatchObject({ eligible: 1, held: 0, removed: 0 });
      expect(of(dry, 'case_file')).toMatchObject({ eligible: 1, held: 0, removed: 0 });
      const applied = (await runFor('apply')).reports;
      expect(of(applied, 'privacy_requests')).toMatchObject({ eligible: 1, removed: 1 });
      expect(of(applied, 'case_file')).toMatchObject({ eligible: 1, held: 0, removed: 1 });
      expect((await db().query('SELECT 1 FROM privacy_request WHERE id = $1', [requestId])).length).toBe(0);
      expect((await db().query('SELECT 1 FROM household WHERE id = $1', [named])).length).toBe(0);
      const runs = await api().get('/api/v1/privacy/retention/runs?limit=100').set(bearer(gOfficer));
      expect(runs.body.items).toEqual(expect.arrayContaining([expect.objectContaining({ category: 'privacy_requests', mode: 'apply', removed: 1, status: 'completed' })]));
    } finally {
      clock.reset();
    }
  });
});

describe('a retention run while the process shuts down', () => {
  it('stops between categories and rejects, leaving what it had not reached for the retried job', async () => {
    const g = await createTenantFixture(t.app, 'Stopgemeente retentie');
    const gOfficer = await createProfessional(t.app, { tenantId: g.tenantId, organisationId: g.ownOrganisationId, roles: ['privacy_officer'] });
    expect((await setPeriod(gOfficer, 'case_file', 1, 'years')).status).toBe(200);
    const expired = await closedCase(g, 24);
    const stop = new AbortController();
    const steps: string[] = [];
    // the stop comes while the first category (AVG requests) runs; case files come later in the order
    const stopped = t.app.get(RetentionEngine).run({ mode: 'apply', trigger: 'cli', tenantId: g.tenantId, stop: stop.signal, progress: (step) => (steps.push(step.category), stop.abort()) });
    await expect(stopped).rejects.toMatchObject({ name: 'AbortError' });
    expect(new Set(steps)).toEqual(new Set(['privacy_requests']));
    expect((await db().query('SELECT 1 FROM household WHERE id = $1', [expired])).length).toBe(1);
    // the retry does the rest
    const retried = await t.app.get(RetentionEngine).run({ mode: 'apply', trigger: 'cli', tenantId: g.tenantId });
    expect(retried.reports.find((r) => r.category === 'case_file')).toMatchObject({ removed: 1 });
    expect((await db().query('SELECT 1 FROM household WHERE id = $1', [expired])).length).toBe(0);
  });
});
