import request from 'supertest';
import { bearer, createTenantFixture, expectProblem, startTestApp, type TenantFixture, type TestApp, systemDb } from './harness/index.js';
import { caseApi } from './support/case.js';

let t: TestApp;
let f: TenantFixture;
let c: ReturnType<typeof caseApi>;

beforeAll(async () => {
  t = await startTestApp();
  f = await createTenantFixture(t.app);
  c = caseApi(t);
});

afterAll(async () => {
  await t?.close();
});

const api = () => request(t.http);
const db = () => systemDb(t.app);
const count = async (sql: string, params: unknown[]) => (await db().query<Array<{ n: number }>>(sql, params))[0]!.n;

describe('no lost update when professionals edit the same plan', () => {
  it('20 simultaneous edits with the same ETag: exactly one wins, nineteen get 412, one new revision', async () => {
    const { householdId, etag } = await c.caseWithPlan(f);
    const responses = await Promise.all(
      Array.from({ length: 20 }, (_, i) =>
        api().patch(`/api/v1/households/${householdId}/plan`).set(bearer(f.coordinator)).set('If-Match', etag).send({ familyWishes: `Wens ${i}` }),
      ),
    );
    const statuses = responses.map((r) => r.status).sort();
    expect(statuses.filter((s) => s === 200)).toHaveLength(1);
    expect(statuses.filter((s) => s === 412)).toHaveLength(19);
    for (const r of responses.filter((r) => r.status === 412)) expectProblem(r, 412, 'PRECONDITION_FAILED');

    const plan = await api().get(`/api/v1/households/${householdId}/plan`).set(bearer(f.coordinator));
    expect(plan.body.version).toBe(2);
    expect(plan.headers.etag).toBe('"2"');
    const winner = responses.find((r) => r.status === 200)!;
    expect(plan.body.familyWishes).toBe(winner.body.familyWishes);
    expect(await count('SELECT count(*)::int AS n FROM plan_revision WHERE plan_id = $1', [plan.body.id])).toBe(2);
  });

  it("20 simultaneous changes of one action with the same ETag: one wins, nineteen get 412 naming the current version, one revision, one plan.updated", async () => {
    const { householdId, etag } = await c.caseWithPlan(f);
    const goal = await api().post(`/api/v1/households/${householdId}/plan/goals`).set(bearer(f.coordinator)).set('If-Match', etag).send({ domainCode: 'finances', title: 'Schulden in beeld' });
    const action = await api()
      .post(`/api/v1/households/${householdId}/plan/goals/${goal.body.id}/actions`)
      .set(bearer(f.coordinator))
      .set('If-Match', goal.headers.etag as string)
      .send({ description: 'Stap 0', owner: { type: 'professional', id: f.coordinator.id } });
    expect(action.headers.etag).toBe('"3"');
    const responses = await Promise.all(
      Array.from({ length: 20 }, (_, i) =>
        api().patch(`/api/v1/households/${householdId}/plan/actions/${action.body.id}`).set(bearer(f.coordinator)).set('If-Match', '"3"').send({ description: `Stap ${i + 1}` }),
      ),
    );
    const winners = responses.filter((r) => r.status === 200);
    expect(winners).toHaveLength(1);
    expect(winners[0]!.headers.etag).toBe('"4"');
    const losers = responses.filter((r) => r.status === 412);
    expect(losers).toHaveLength(19);
    // whether a loser read before or after the winner committed, it is told the version it must read
    for (const r of losers) expect(expectProblem(r, 412, 'PRECONDITION_FAILED')).toMatchObject({ currentVersion: 4 });

    const plan = await api().get(`/api/v1/households/${householdId}/plan`).set(bearer(f.coordinator));
    expect(plan.body.version).toBe(4);
    expect(plan.body.goals[0].actions[0].description).toBe(winners[0]!.body.description);
    expect(await count('SELECT count(*)::int AS n FROM plan_revision WHERE plan_id = $1', [plan.body.id])).toBe(4);
    const [revision] = await db().query<Array<{ snapshot: { version: number; goals: Array<{ actions: Array<{ description: string }> }> } }>>('SELECT snapshot FROM plan_revision WHERE plan_id = $1 AND number = 4', [plan.body.id]);
    expect(revision!.snapshot.version).toBe(4);
    expect(revision!.snapshot.goals[0]!.actions[0]!.description).toBe(winners[0]!.body.description);
    expect(await count(`SELECT count(*)::int AS n FROM outbox_event WHERE household_id = $1 AND type = 'plan.updated' AND (payload->>'version')::int = 4`, [householdId])).toBe(1);
  });

  it('an edit without If-Match is refused with 428 and changes nothing', async () => {
    const { householdId } = await c.caseWithPlan(f);
    const res = await api().patch(`/api/v1/households/${householdId}/plan`).set(bearer(f.coordinator)).send({ familyWishes: 'Zonder ETag' });
    expectProblem(res, 428, 'PRECONDITION_REQUIRED');
    const plan = await api().get(`/api/v1/households/${householdId}/plan`).set(bearer(f.coordinator));
    expect(plan.body.version).toBe(1);
    expect(plan.body.familyWishes).toBe('Rust in huis');
  });

  it('If-Match: * is refused with 428 (it names no version); one that is not a single ETag of ours is 412 (RFC 9110)', async () => {
    const { householdId } = await c.caseWithPlan(f);
    const res = await api().patch(`/api/v1/households/${householdId}/plan`).set(bearer(f.coordinator)).set('If-Match', '*').send({ familyWishes: 'x' });
    expectProblem(res, 428, 'PRECONDITION_REQUIRED');
    for (const value of ['abc', '"1", "2"']) {
      const res = await api().patch(`/api/v1/households/${householdId}/plan`).set(bearer(f.coordinator)).set('If-Match', value).send({ familyWishes: 'x' });
      expectProblem(res, 412, 'PRECONDITION_FAILED');
    }
    const plan = await api().get(`/api/v1/households/${householdId}/plan`).set(bearer(f.coordinator));
    expect(plan.body.version).toBe(1);
  });

  it('goal and action changes need the current ETag too, and a stale one is 412 without a half-written goal', async () => {
    const { householdId, etag } = await c.caseWithPlan(f);
    const first = await api().post(`/api/v1/households/${householdId}/plan/goals`).set(bearer(f.coordinator)).set('If-Match', etag).send({ domainCode: 'finances', title: 'Schulden in beeld' });
    expect(first.status).toBe(201);
    expect(first.headers.etag).toBe('"2"');
    const stale = await api().post(`/api/v1/households/${householdId}/plan/goals`).set(bearer(f.coordinator)).set('If-Match', etag).send({ domainCode: 'housing', title: 'Huur op tijd' });
    expectProblem(stale, 412, 'PRECONDITION_FAILED');
    const plan = await api().get(`/api/v1/households/${householdId}/plan`).set(bearer(f.coordinator));
    expect(plan.body.goals.map((g: { title: string }) => g.title)).toEqual(['Schulden in beeld']);
  });
});

describe('exactly one plan per household', () => {
  it('20 simultaneous creates: one 201, nineteen 409, one plan row', async () => {
    const householdId = await c.registerHousehold(f.coordinator);
    await c.assignCoordinator(f.coordinator, householdId, f.coordinator);
    const responses = await Promise.all(
      Array.from({ length: 20 }, () => api().post(`/api/v1/households/${householdId}/plan`).set(bearer(f.coordinator)).send({ familyWishes: 'Samen verder' })),
    );
    const statuses = responses.map((r) => r.status);
    expect(statuses.filter((s) => s === 201)).toHaveLength(1);
    expect(statuses.filter((s) => s === 409)).toHaveLength(19);
    for (const r of responses.filter((r) => r.status === 409)) expectProblem(r, 409, 'PLAN_ALREADY_EXISTS');
    expect(await count('SELECT count(*)::int AS n FROM plan WHERE household_id = $1', [householdId])).toBe(1);
  });

  it('the database itself refuses a second plan row', async () => {
    const { householdId } = await c.caseWithPlan(f);
    await expect(
      db().query(`INSERT INTO plan (tenant_id, household_id, created_by_id, updated_by_id) VALUES ($1, $2, $3, $3)`, [f.tenantId, householdId, f.coordinator.id]),
    ).rejects.toThrow(/uq_plan_household/);
  });
});

describe('at most one active coordinator', () => {
  it('20 simultaneous assignments leave exactly one active coordinator and an unbroken history', async () => {
    const householdId = await c.registerHousehold(f.supervisor);
    const coordinators = [f.coordinator, f.secondCoordinator];
    const responses = await Promise.all(
      Array.from({ length: 20 }, (_, i) =>
        api()
          .put(`/api/v1/households/${householdId}/coordinator`)
          .set(bearer(f.supervisor))
          .send({ professionalId: coordinators[i % 2]!.id, reason: `Toewijzing ${i}` }),
      ),
    );
    expect(responses.every((r) => r.status === 200)).toBe(true);
    const rows = await db().query<Array<{ professional_id: string; started_at: Date; ended_at: Date | null }>>(
      'SELECT professional_id, started_at, ended_at FROM coordinator_assignment WHERE household_id = $1 ORDER BY started_at, id',
      [householdId],
    );
    expect(rows.filter((r) => r.ended_at === null)).toHaveLength(1);
    expect(rows[rows.length - 1]!.ended_at).toBeNull();
    for (let i = 1; i < rows.length; i++) {
      // each assignment ended exactly when the next began, and no one follows themselves
      expect(rows[i - 1]!.ended_at?.getTime()).toBe(rows[i]!.started_at.getTime());
      expect(rows[i - 1]!.professional_id).not.toBe(rows[i]!.professional_id);
    }
    const history = await api().get(`/api/v1/households/${householdId}/coordinator/history?limit=100`).set(bearer(f.supervisor));
    expect(history.status).toBe(200);
    expect(history.body.items).toHaveLength(rows.length);
    expect(history.body.items[0].endedAt).toBeNull();
    const household = await api().get(`/api/v1/households/${householdId}`).set(bearer(f.supervisor));
    expect(household.body.coordinator.professionalId).toBe(rows[rows.length - 1]!.professional_id);
  });

  it('the database itself refuses a second active assignment', async () => {
    const householdId = await c.registerHousehold(f.coordinator);
    await c.assignCoordinator(f.coordinator, householdId, f.coordinator);
    await expect(
      db().query(
        `INSERT INTO coordinator_assignment (tenant_id, household_id, professional_id, started_at, reason, assigned_by_id) VALUES ($1, $2, $3, now(), 'x', $3)`,
        [f.tenantId, householdId, f.secondCoordinator.id],
      ),
    ).rejects.toThrow(/uq_coordinator_assignment_active/);
  });
});
