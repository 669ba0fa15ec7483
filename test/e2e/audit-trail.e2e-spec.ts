import pg from 'pg';
import request from 'supertest';
import { bearer, createProfessional, createTenantFixture, expectProblem, startTestApp, systemDb, type TenantFixture, type TestApp, type UserFixture } from './harness/index.js';
import { caseApi } from './support/case.js';
import { AuditSealer } from '../../src/audit/audit-sealer.service.js';

let t: TestApp;
let f: TenantFixture;
let c: ReturnType<typeof caseApi>;
let privacyOfficer: UserFixture;

beforeAll(async () => {
  t = await startTestApp();
  f = await createTenantFixture(t.app);
  c = caseApi(t);
  privacyOfficer = await createProfessional(t.app, { tenantId: f.tenantId, organisationId: f.ownOrganisationId, roles: ['privacy_officer'] });
});

afterAll(async () => {
  await t?.close();
});

const api = () => request(t.http);
/** What the sealer job does every second on a worker (the test apps run the API only). */
const seal = () => t.app.get(AuditSealer).sealNow();

interface EventRow {
  seq: string;
  action: string;
  outcome: string;
  resource_type: string;
  resource_id: string | null;
  household_id: string | null;
  member_ids: string[];
  professional_id: string;
  organisation_id: string;
  legal_basis: string;
  consent_id: string | null;
  purpose: string;
  route: string;
  http_status: number;
  request_id: string | null;
}

/** Reads a tenant's audit events after the last ones seen: the events of the requests made since. */
function eventCursor(tenantId: string) {
  let last = 0;
  return async (): Promise<EventRow[]> => {
    const rows = await systemDb(t.app).query<EventRow[]>('SELECT * FROM audit_event WHERE tenant_id = $1 AND seq > $2 ORDER BY seq', [tenantId, last]);
    if (rows.length > 0) last = Number(rows[rows.length - 1]!.seq);
    return rows;
  };
}

const summary = (e: EventRow) => ({
  action: e.action,
  resource: e.resource_type,
  household: e.household_id,
  actor: e.professional_id,
  basis: e.legal_basis,
  outcome: e.outcome,
  status: e.http_status,
});

describe('audit trail: every request that touches personal data leaves exactly its events', () => {
  it('a case from registration to a denied read after consent withdrawal', async () => {
    const next = eventCursor(f.tenantId);
    const ev = (action: string, resource: string, household: string | null, actor: UserFixture, basis: string, status: number, outcome = 'success') => ({
      action,
      resource,
      household,
      actor: actor.id,
      basis,
      outcome,
      status,
    });

    const householdId = await c.registerHousehold(f.coordinator);
    const [created, ...restCreated] = await next();
    expect(restCreated).toEqual([]);
    expect(summary(created!)).toEqual(ev('create', 'household', householdId, f.coordinator, 'intake', 201));
    expect(created!.member_ids).toHaveLength(2);
    expect(created!.route).toBe('POST /api/v1/households');
    expect(created!.request_id).toEqual(expect.any(String));

    await c.assignCoordinator(f.coordinator, householdId, f.coordinator);
    expect((await next()).map(summary)).toEqual([ev('update', 'coordinator_assignment', householdId, f.coordinator, 'intake', 200)]);

    const read = await api().get(`/api/v1/households/${householdId}`).set(bearer(f.coordinator));
    expect(read.status).toBe(200);
    const [readEvent, ...restRead] = await next();
    expect(restRead).toEqual([]);
    expect(summary(readEvent!)).toEqual(ev('read', 'household', householdId, f.coordinator, 'coordinator', 200));
    expect([...readEvent!.member_ids].sort()).toEqual((read.body.members as Array<{ id: string }>).map((m) => m.id).sort());
    expect(readEvent!.resource_id).toBe(householdId);
    expect(readEvent!.purpose).toBe('case_coordination');
    expect(readEvent!.route).toBe('GET /api/v1/households/:householdId');

    const list = await api().get('/api/v1/households?text=unknown-name-zzz').set(bearer(f.coordinator));
    expect(list.status).toBe(200);
    expect((await next()).map(summary)).toEqual([ev('search', 'household', null, f.coordinator, 'route_role', 200)]);
    const listAll = await api().get('/api/v1/households').set(bearer(f.coordinator));
    expect(listAll.body.items).toHaveLength(1);
    const searchEvents = await next();
    expect(searchEvents.map(summary)).toEqual([ev('search', 'household', householdId, f.coordinator, 'coordinator', 200)]);
    expect(searchEvents[0]!.route).toBe('GET /api/v1/households');

    const plan = await api()
      .post(`/api/v1/households/${householdId}/plan`)
      .set(bearer(f.coordinator))
      .send({ familyWishes: 'Rust in huis', familyStrengths: 'Samen', reviewDate: '2027-03-01' });
    expect(plan.status).toBe(201);
    const [planCreated] = await next();
    expect(summary(planCreated!)).toEqual(ev('create', 'plan', householdId, f.coordinator, 'coordinator', 201));
    expect(planCreated!.resource_id).toBe(plan.body.id);

    const edited = await api().patch(`/api/v1/households/${householdId}/plan`).set(bearer(f.coordinator)).set('If-Match', plan.headers.etag as string).send({ familyWishes: 'Meer rust' });
    expect(edited.status).toBe(200);
    expect((await next()).map(summary)).toEqual([ev('update', 'plan', householdId, f.coordinator, 'coordinator', 200)]);

    const consent = await api()
      .post(`/api/v1/households/${householdId}/consents`)
      .set(bearer(f.coordinator))
      .send({ organisationId: f.partnerOrganisationId, purpose: 'Jeugdhulp bij opvoedvragen', basis: 'consent' });
    expect(consent.status).toBe(201);
    const link = await api()
      .post(`/api/v1/households/${householdId}/care-team`)
      .set(bearer(f.coordinator))
      .send({ organisationId: f.partnerOrganisationId, professionalId: f.partner.id, role: 'jeugdhulp', basis: 'consent', consentId: consent.body.id });
    expect(link.status).toBe(201);
    expect((await next()).map(summary)).toEqual([
      ev('create', 'consent', householdId, f.coordinator, 'coordinator', 201),
      ev('create', 'care_team_link', householdId, f.coordinator, 'coordinator', 201),
    ]);

    expect((await api().get(`/api/v1/households/${householdId}/plan`).set(bearer(f.partner))).status).toBe(200);
    const [partnerRead, ...restPartner] = await next();
    expect(restPartner).toEqual([]);
    expect(summary(partnerRead!)).toEqual(ev('read', 'plan', householdId, f.partner, 'care_team_consent', 200));
    expect(partnerRead!.consent_id).toBe(consent.body.id);
    expect(partnerRead!.organisation_id).toBe(f.partnerOrganisationId);
    expect(partnerRead!.purpose).toBe('care_team_support');

    const withdrawn = await api().post(`/api/v1/households/${householdId}/consents/${consent.body.id}/withdraw`).set(bearer(f.coordinator)).send({ reason: 'Ingetrokken' });
    expect(withdrawn.status).toBe(200);
    expect((await next()).map(summary)).toEqual([ev('update', 'consent', householdId, f.coordinator, 'coordinator', 200)]);

    expectProblem(await api().get(`/api/v1/households/${householdId}/plan`).set(bearer(f.partner)), 404);
    const [denied, ...restDenied] = await next();
    expect(restDenied).toEqual([]);
    expect(summary(denied!)).toEqual(ev('deny', 'plan', householdId, f.partner, 'none', 404, 'not_found'));
    // nothing was processed, so for no purpose: not the coordinator's purpose a partner does not have
    expect(denied!.purpose).toBe('none');

    expectProblem(await api().post(`/api/v1/households/${householdId}/close`).set(bearer(f.secondCoordinator)).send({ reason: 'x' }), 404);
    expect((await next()).map(summary)).toEqual([ev('deny', 'household', householdId, f.secondCoordinator, 'none', 404, 'not_found')]);

    expectProblem(await api().post('/api/v1/households').set(bearer(f.partner)).send({}), 403);
    const [roleDenied] = await next();
    expect(summary(roleDenied!)).toEqual(ev('deny', 'route', null, f.partner, 'none', 403, 'forbidden'));
    expect(roleDenied!.route).toBe('POST /api/v1/households');
    expect(roleDenied!.purpose).toBe('none');

    // a failure that discloses nothing (validation) leaves no event
    expectProblem(await api().patch(`/api/v1/households/${householdId}/plan`).set(bearer(f.coordinator)).send({ familyWishes: 'x' }), 428);
    expect(await next()).toEqual([]);

    const trail = await api().get(`/api/v1/households/${householdId}/audit?limit=3`).set(bearer(privacyOfficer));
    expect(trail.status).toBe(200);
    expect(trail.body.items.map((e: { action: string }) => e.action)).toEqual(['deny', 'deny', 'update']);
    expect(trail.body.nextCursor).toEqual(expect.any(String));
    const page2 = await api().get(`/api/v1/households/${householdId}/audit?limit=100&cursor=${trail.body.nextCursor as string}`).set(bearer(privacyOfficer));
    expect(page2.body.items[page2.body.items.length - 1]).toMatchObject({ action: 'create', resourceType: 'household' });
    expect((await next()).map(summary)).toEqual([
      ev('read', 'audit_trail', householdId, privacyOfficer, 'audit_role', 200),
      ev('read', 'audit_trail', householdId, privacyOfficer, 'audit_role', 200),
    ]);

    expectProblem(await api().get(`/api/v1/households/${householdId}/audit`).set(bearer(f.coordinator)), 403);
    expect((await next()).map(summary)).toEqual([ev('deny', 'route', householdId, f.coordinator, 'none', 403, 'forbidden')]);

    await seal();
    const verify = await api().get('/api/v1/audit/verify').set(bearer(f.admin));
    expect(verify.status).toBe(200);
    expect(verify.body).toEqual({ ok: true, verified: expect.any(Number), checkpoints: expect.any(Number), externalCheckpoints: 0, firstBrokenSeq: null, reason: null });
    expect(verify.body.verified).toBe(17);
    expect((await next()).map(summary)).toEqual([ev('read', 'audit_trail', null, f.admin, 'route_role', 200)]);
  });
});

describe('audit trail: append-only and tamper-evident', () => {
  it('the application and worker roles cannot update, delete or truncate audit events, seals or checkpoints; triggers refuse everyone else', async () => {
    const g = await createTenantFixture(t.app, 'Appendgemeente');
    await c.registerHousehold(g.coordinator);
    await seal();
    const superuser = new pg.Client({ connectionString: process.env.DATABASE_URL });
    await superuser.connect();
    try {
      const statements = ['audit_event', 'audit_seal', 'audit_checkpoint'].flatMap((table) => [
        `UPDATE ${table} SET tenant_id = tenant_id`,
        `DELETE FROM ${table}`,
        `TRUNCATE ${table}`,
      ]);
      for (const role of ['eenplan_app', 'eenplan_worker']) {
        for (const statement of [...statements, `TRUNCATE audit_event_${new Date().toISOString().slice(0, 7).replace('-', '')}`]) {
          await superuser.query('BEGIN');
          await superuser.query(`SELECT set_config('role', $1, true), set_config('app.tenant_id', $2, true)`, [role, g.tenantId]);
          await expect(superuser.query(statement)).rejects.toThrow(/permission denied/);
          await superuser.query('ROLLBACK');
        }
      }
      await expect(superuser.query('UPDATE audit_event SET purpose = purpose WHERE tenant_id = $1', [g.tenantId])).rejects.toThrow(/append-only/);
      await expect(superuser.query('DELETE FROM audit_event WHERE tenant_id = $1', [g.tenantId])).rejects.toThrow(/append-only/);
      await expect(superuser.query('TRUNCATE audit_event')).rejects.toThrow(/append-only/);
      for (const table of ['audit_seal', 'audit_checkpoint']) {
        await expect(superuser.query(`UPDATE ${table} SET tenant_id = tenant_id WHERE tenant_id = $1`, [g.tenantId])).rejects.toThrow(/append-only/);
        await expect(superuser.query(`DELETE FROM ${table} WHERE tenant_id = $1`, [g.tenantId])).rejects.toThrow(/append-only/);
        await expect(superuser.query(`TRUNCATE ${table} CASCADE`)).rejects.toThrow(/append-only/);
      }
      // a month partition truncated directly is refused as well
      await expect(superuser.query(`TRUNCATE audit_event_${new Date().toISOString().slice(0, 7).replace('-', '')}`)).rejects.toThrow(/append-only/);
      const [{ n }] = await systemDb(t.app).query<[{ n: number }]>('SELECT count(*)::int AS n FROM audit_event WHERE tenant_id = $1', [g.tenantId]);
      expect(n).toBe(1);
      const [{ sealed }] = await systemDb(t.app).query<[{ sealed: number }]>('SELECT count(*)::int AS sealed FROM audit_seal WHERE tenant_id = $1', [g.tenantId]);
      expect(sealed).toBe(1);
    } finally {
      await superuser.end();
    }
  });

  it('a row edited by a superuser is reported by /audit/verify, and only that tenant chain breaks', async () => {
    const a = await createTenantFixture(t.app, 'Gemeente A');
    const b = await createTenantFixture(t.app, 'Gemeente B');
    for (const tenant of [a, b]) {
      const householdId = await c.registerHousehold(tenant.coordinator);
      for (let i = 0; i < 3; i++) expect((await api().get(`/api/v1/households/${householdId}`).set(bearer(tenant.coordinator))).status).toBe(200);
    }
    await seal();
    const seqs = await systemDb(t.app).query<Array<{ tenant_id: string; seqs: string[] }>>(
      'SELECT tenant_id, array_agg(seq ORDER BY seq)::text[] AS seqs FROM audit_event WHERE tenant_id = ANY($1) GROUP BY tenant_id',
      [[a.tenantId, b.tenantId]],
    );
    // numbered from one sequence: unique across tenants; each tenant's chain links its own events in order
    expect(seqs.flatMap((row) => row.seqs)).toHaveLength(8);
    expect(new Set(seqs.flatMap((row) => row.seqs)).size).toBe(8);
    expect((await api().get('/api/v1/audit/verify').set(bearer(a.admin))).body).toMatchObject({ ok: true, verified: 4, firstBrokenSeq: null, reason: null });
    const third = seqs.find((row) => row.tenant_id === a.tenantId)!.seqs[2]!;

    const superuser = new pg.Client({ connectionString: process.env.DATABASE_URL });
    await superuser.connect();
    try {
      await superuser.query('SET session_replication_role = replica');
      await superuser.query(`UPDATE audit_event SET legal_basis = 'tenant_role' WHERE tenant_id = $1 AND seq = $2`, [a.tenantId, third]);
    } finally {
      await superuser.end();
    }
    expect((await api().get('/api/v1/audit/verify').set(bearer(a.admin))).body).toMatchObject({ ok: false, verified: 2, firstBrokenSeq: Number(third), reason: 'event_altered' });
    // tenant B's chain (which already has its own verify event now) is untouched
    await seal();
    expect((await api().get('/api/v1/audit/verify').set(bearer(b.admin))).body).toMatchObject({ ok: true, firstBrokenSeq: null });
  });

  it('concurrent requests of one tenant get unique sequence numbers and all of them are sealed', async () => {
    const g = await createTenantFixture(t.app, 'Drukke gemeente');
    const householdId = await c.registerHousehold(g.coordinator);
    const statuses = await Promise.all(
      Array.from({ length: 24 }, (_, i) => api().get(i % 2 === 0 ? `/api/v1/households/${householdId}` : '/api/v1/households').set(bearer(g.coordinator)).then((r) => r.status)),
    );
    expect(statuses.every((s) => s === 200)).toBe(true);
    const rows = await systemDb(t.app).query<Array<{ seq: string }>>('SELECT seq FROM audit_event WHERE tenant_id = $1 ORDER BY seq', [g.tenantId]);
    expect(new Set(rows.map((r) => r.seq)).size).toBe(25);
    await seal();
    expect((await api().get('/api/v1/audit/verify').set(bearer(g.admin))).body).toMatchObject({ ok: true, verified: 25, firstBrokenSeq: null, reason: null });
  });
});
