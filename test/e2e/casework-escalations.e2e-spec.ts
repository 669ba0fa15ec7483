import request from 'supertest';
import { Clock } from '../../src/common/clock.js';
import { bearer, createTenantFixture, expectProblem, problemFields, startTestApp, type TenantFixture, type TestApp, systemDb } from './harness/index.js';
import { caseApi } from './support/case.js';
import { dbRefusal } from './support/db-refusal.js';
import { linkCareTeam } from './support/care-team.js';

let t: TestApp;
let f: TenantFixture;
let other: TenantFixture;
let c: ReturnType<typeof caseApi>;

beforeAll(async () => {
  t = await startTestApp();
  f = await createTenantFixture(t.app);
  other = await createTenantFixture(t.app, 'Andere gemeente');
  c = caseApi(t);
});

afterAll(async () => {
  await t?.close();
});

const api = () => request(t.http);
const db = () => systemDb(t.app);

async function household(): Promise<string> {
  return (await c.caseWithPlan(f)).householdId;
}

const open = (householdId: string, as = f.coordinator, reason = 'Geen voortgang; schuldhulp komt niet op gang') =>
  api().post(`/api/v1/households/${householdId}/escalations`).set(bearer(as)).send({ reason });
const resolve = (escalationId: string, as = f.supervisor, outcome = 'Regie-overleg gepland met schuldhulp') =>
  api().post(`/api/v1/escalations/${escalationId}/resolve`).set(bearer(as)).send({ outcome });

async function linkPartner(householdId: string): Promise<void> {
  const res = await linkCareTeam(t, householdId, f.coordinator, { organisationId: f.partnerOrganisationId, professionalId: f.partner.id, role: 'jeugdhulp', basis: 'consent' });
  expect(res.status).toBe(201);
}

describe('opening and resolving an escalation', () => {
  it('the coordinator opens with a reason (201, Location); a supervisor resolves with an outcome; events for both', async () => {
    const householdId = await household();
    const opened = await open(householdId);
    expect(opened.status).toBe(201);
    expect(opened.headers.location).toBe(`/api/v1/escalations/${opened.body.id}`);
    expect(opened.body).toEqual({
      id: expect.any(String),
      householdId,
      status: 'open',
      reason: 'Geen voortgang; schuldhulp komt niet op gang',
      domains: [],
      memberIds: [],
      openedBy: { professionalId: f.coordinator.id, name: 'Carla Coordinator' },
      openedAt: expect.any(String),
      resolvedAt: null,
      resolvedBy: null,
      outcome: null,
    });
    expect((await api().get(opened.headers.location as string).set(bearer(f.coordinator))).body).toEqual(opened.body);

    const resolved = await resolve(opened.body.id as string);
    expect(resolved.status).toBe(200);
    expect(resolved.body).toEqual({
      ...opened.body,
      status: 'resolved',
      resolvedAt: expect.any(String),
      resolvedBy: { professionalId: f.supervisor.id, name: 'Sanne Supervisor' },
      outcome: 'Regie-overleg gepland met schuldhulp',
    });

    const events = await db().query(
      `SELECT type, aggregate_type, aggregate_id, actor_id, payload FROM outbox_event WHERE household_id = $1 AND type LIKE 'escalation.%' ORDER BY id`,
      [householdId],
    );
    expect(events).toEqual([
      { type: 'escalation.opened', aggregate_type: 'escalation', aggregate_id: opened.body.id, actor_id: f.coordinator.id, payload: { escalationId: opened.body.id } },
      { type: 'escalation.resolved', aggregate_type: 'escalation', aggregate_id: opened.body.id, actor_id: f.supervisor.id, payload: { escalationId: opened.body.id } },
    ]);
  });

  it('one open escalation per household: a second open is 409 until the first is resolved; resolving twice is 409', async () => {
    const householdId = await household();
    const first = await open(householdId);
    expect(first.status).toBe(201);
    const second = expectProblem(await open(householdId, f.supervisor), 409, 'ESCALATION_ALREADY_OPEN');
    expect(second.detail).toContain(first.body.id as string);

    expect((await resolve(first.body.id as string, f.coordinator)).status).toBe(200);
    expectProblem(await resolve(first.body.id as string), 409, 'ESCALATION_ALREADY_RESOLVED');
    expect((await open(householdId, f.supervisor, 'Opnieuw vastgelopen')).status).toBe(201);
  });

  it('ten concurrent opens on one household: exactly one 201, nine 409', async () => {
    const householdId = await household();
    const answers = await Promise.all(Array.from({ length: 10 }, (_, i) => open(householdId, i % 2 === 0 ? f.coordinator : f.supervisor, `Reden ${i}`)));
    const statuses = answers.map((r) => r.status).sort();
    expect(statuses).toEqual([201, 409, 409, 409, 409, 409, 409, 409, 409, 409]);
    for (const r of answers.filter((a) => a.status === 409)) expectProblem(r, 409, 'ESCALATION_ALREADY_OPEN');
    const rows = await db().query(`SELECT count(*)::int AS n FROM escalation WHERE household_id = $1`, [householdId]);
    expect(rows[0].n).toBe(1);
  });

  it('the database refuses a second open escalation and a resolution without outcome, whatever the application does', async () => {
    const householdId = await household();
    const opened = await open(householdId);
    const insertOpen = db().query(
      `INSERT INTO escalation (tenant_id, household_id, reason, opened_by_id, opened_at) VALUES ($1, $2, 'direct', $3, now())`,
      [f.tenantId, householdId, f.supervisor.id],
    );
    expect(await dbRefusal(insertOpen)).toMatchObject({ code: '23505', constraint: 'uq_escalation_open' });
    const noOutcome = db().query(`UPDATE escalation SET resolved_at = now(), resolved_by_id = $2 WHERE id = $1`, [opened.body.id, f.supervisor.id]);
    expect(await dbRefusal(noOutcome)).toMatchObject({ code: '23514', constraint: 'ck_escalation_resolution' });
    const outcomeWhileOpen = db().query(`UPDATE escalation SET outcome = 'x' WHERE id = $1`, [opened.body.id]);
    expect(await dbRefusal(outcomeWhileOpen)).toMatchObject({ code: '23514', constraint: 'ck_escalation_resolution' });
  });

  it('reason and outcome are required text up to 2000 characters; unknown fields are refused', async () => {
    const householdId = await household();
    expect(problemFields(expectProblem(await open(householdId, f.coordinator, '  '), 400))).toEqual(['reason']);
    expect(problemFields(expectProblem(await open(householdId, f.coordinator, 'x'.repeat(2001)), 400))).toEqual(['reason']);
    expect(problemFields(expectProblem(await api().post(`/api/v1/households/${householdId}/escalations`).set(bearer(f.coordinator)).send({ reason: 'r', status: 'resolved' }), 400))).toEqual([
      'status',
    ]);
    const opened = await open(householdId, f.coordinator, 'x'.repeat(2000));
    expect(opened.status).toBe(201);
    expect(problemFields(expectProblem(await resolve(opened.body.id as string, f.supervisor, ''), 400))).toEqual(['outcome']);
    expect(problemFields(expectProblem(await api().post('/api/v1/escalations/nope/resolve').set(bearer(f.supervisor)).send({ outcome: 'x' }), 400))).toEqual(['escalationId']);
  });

  it('a closed household cannot be escalated (409)', async () => {
    const householdId = await household();
    expect((await api().post(`/api/v1/households/${householdId}/close`).set(bearer(f.supervisor)).send({ reason: 'Verhuisd' })).status).toBe(200);
    expectProblem(await open(householdId, f.supervisor), 409, 'HOUSEHOLD_CLOSED');
  });
});

describe('who may escalate', () => {
  it('a partner on the care team may see escalations but not open (403) or resolve (403) one', async () => {
    const householdId = await household();
    await linkPartner(householdId);
    expectProblem(await open(householdId, f.partner), 403, 'NOT_ALLOWED_FOR_HOUSEHOLD');
    const opened = await open(householdId);
    expectProblem(await resolve(opened.body.id as string, f.partner), 403, 'NOT_ALLOWED_FOR_HOUSEHOLD');
    const listed = await api().get(`/api/v1/households/${householdId}/escalations`).set(bearer(f.partner));
    expect(listed.status).toBe(200);
    expect(listed.body.items).toHaveLength(1);
  });

  it('a partner not on the care team gets 404 for the household and for the escalation itself', async () => {
    const householdId = await household();
    expectProblem(await open(householdId, f.partner), 404, 'HOUSEHOLD_NOT_FOUND');
    const opened = await open(householdId);
    const notFound = expectProblem(await resolve(opened.body.id as string, f.partner), 404, 'ESCALATION_NOT_FOUND');
    expect(notFound.detail).not.toContain(householdId);
    expectProblem(await api().get(`/api/v1/escalations/${opened.body.id as string}`).set(bearer(f.partner)), 404, 'ESCALATION_NOT_FOUND');
    expectProblem(await api().get(`/api/v1/households/${householdId}/escalations`).set(bearer(f.partner)), 404);
  });

  it('a coordinator who is not the household’s coordinator may not open one on a household waiting for a coordinator (403)', async () => {
    const waiting = await c.registerHousehold(f.coordinator);
    expectProblem(await open(waiting, f.secondCoordinator), 403, 'NOT_ALLOWED_FOR_HOUSEHOLD');
    expect((await open(waiting, f.supervisor)).status).toBe(201);
  });

  it('after a hand-over the new coordinator resolves; the former coordinator can no longer see it (404)', async () => {
    const householdId = await household();
    const opened = await open(householdId);
    await c.assignCoordinator(f.coordinator, householdId, f.secondCoordinator, 'Overdracht');
    expectProblem(await resolve(opened.body.id as string, f.coordinator), 404, 'ESCALATION_NOT_FOUND');
    expect((await resolve(opened.body.id as string, f.secondCoordinator)).status).toBe(200);
  });

  it('another municipality gets 404 on every escalation route', async () => {
    const householdId = await household();
    const opened = await open(householdId);
    expectProblem(await open(householdId, other.supervisor), 404);
    expectProblem(await resolve(opened.body.id as string, other.supervisor), 404, 'ESCALATION_NOT_FOUND');
    expectProblem(await api().get(`/api/v1/escalations/${opened.body.id as string}`).set(bearer(other.supervisor)), 404);
    expectProblem(await api().get(`/api/v1/households/${householdId}/escalations`).set(bearer(other.supervisor)), 404);
  });
});

describe('listing escalations', () => {
  it('newest first, filtered by status, in cursor pages', async () => {
    const householdId = await household();
    const ids: string[] = [];
    try {
      for (let i = 0; i < 3; i++) {
        const opened = await open(householdId, f.coordinator, `Reden ${i}`);
        ids.push(opened.body.id as string);
        if (i < 2) expect((await resolve(opened.body.id as string, f.supervisor, `Uitkomst ${i}`)).status).toBe(200);
        t.app.get(Clock).advance(60_000);
      }
    } finally {
      t.app.get(Clock).reset();
    }
    const page1 = await api().get(`/api/v1/households/${householdId}/escalations?limit=2`).set(bearer(f.coordinator));
    expect(page1.body.items.map((e: { id: string }) => e.id)).toEqual([ids[2], ids[1]]);
    const page2 = await api().get(`/api/v1/households/${householdId}/escalations?limit=2&cursor=${page1.body.nextCursor as string}`).set(bearer(f.coordinator));
    expect(page2.body.items.map((e: { id: string }) => e.id)).toEqual([ids[0]]);
    expect(page2.body.nextCursor).toBeNull();

    const onlyOpen = await api().get(`/api/v1/households/${householdId}/escalations?status=open`).set(bearer(f.coordinator));
    expect(onlyOpen.body.items.map((e: { id: string }) => e.id)).toEqual([ids[2]]);
    const resolved = await api().get(`/api/v1/households/${householdId}/escalations?status=resolved`).set(bearer(f.coordinator));
    expect(resolved.body.items.map((e: { outcome: string }) => e.outcome)).toEqual(['Uitkomst 1', 'Uitkomst 0']);
    expect(problemFields(expectProblem(await api().get(`/api/v1/households/${householdId}/escalations?status=closed`).set(bearer(f.coordinator)), 400))).toEqual(['status']);
  });
});
