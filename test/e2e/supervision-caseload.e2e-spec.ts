import request from 'supertest';
import { Clock } from '../../src/common/clock.js';
import { bearer, createProfessional, createTenantFixture, expectProblem, problemFields, startTestApp, type TenantFixture, type TestApp, type UserFixture, systemDb } from './harness/index.js';
import { caseApi } from './support/case.js';
import { dateIn, onDay as moveToDay } from './support/days.js';

let t: TestApp;
let c: ReturnType<typeof caseApi>;

beforeAll(async () => {
  t = await startTestApp();
  c = caseApi(t);
});

afterEach(() => t.app.get(Clock).reset());

afterAll(async () => {
  await t?.close();
});

const api = () => request(t.http);
const db = () => systemDb(t.app);


const onDay = (days: number) => moveToDay(t.app, days);

interface Caseload {
  coordinator: { id: string; name: string };
  canCoordinate: boolean;
  activeHouseholds: number;
  overdueActions: number;
  stalledCases: number;
  lastActivityAt: string | null;
}

async function caseloads(f: TenantFixture): Promise<Map<string, Caseload>> {
  const res = await api().get('/api/v1/supervision/caseload?limit=100').set(bearer(f.supervisor));
  expect(res.status).toBe(200);
  return new Map((res.body.items as Caseload[]).map((i) => [i.coordinator.id, i]));
}

async function householdsOf(coordinatorId: string): Promise<string[]> {
  const rows = await db().query<Array<{ household_id: string }>>(
    'SELECT household_id FROM coordinator_assignment WHERE professional_id = $1 AND ended_at IS NULL ORDER BY household_id',
    [coordinatorId],
  );
  return rows.map((r) => r.household_id);
}

async function caseFor(f: TenantFixture, coordinator: UserFixture): Promise<string> {
  const householdId = await c.registerHousehold(f.supervisor);
  await c.assignCoordinator(f.supervisor, householdId, coordinator);
  return householdId;
}

const handOver = (f: TenantFixture, fromId: string, body: object, who: UserFixture = f.supervisor) =>
  api().post(`/api/v1/supervision/caseload/${fromId}/handover`).set(bearer(who)).send(body);

describe('caseload per coordinator', () => {
  it('shows every coordinator with active households, overdue actions, stalled cases and last activity', async () => {
    const f = await createTenantFixture(t.app);
    onDay(0);
    const { householdId, etag } = await c.caseWithPlan(f);
    const goal = await api().post(`/api/v1/households/${householdId}/plan/goals`).set(bearer(f.coordinator)).set('If-Match', etag).send({ domainCode: 'finances', title: 'Schulden' });
    let etagNow = goal.headers.etag as string;
    for (const due of [dateIn(-1), dateIn(10)]) {
      const res = await api()
        .post(`/api/v1/households/${householdId}/plan/goals/${goal.body.id}/actions`)
        .set(bearer(f.coordinator))
        .set('If-Match', etagNow)
        .send({ description: `Actie ${due}`, owner: { type: 'professional', id: f.coordinator.id }, dueDate: due });
      expect(res.status).toBe(201);
      etagNow = res.headers.etag as string;
    }
    await caseFor(f, f.coordinator); // intake, no plan
    onDay(20);
    expect((await api().post('/api/v1/supervision/stalled/evaluate').set(bearer(f.supervisor))).status).toBe(200);

    const all = await caseloads(f);
    expect(all.get(f.coordinator.id)).toEqual({
      coordinator: { id: f.coordinator.id, name: 'Carla Coordinator' },
      canCoordinate: true,
      activeHouseholds: 2,
      overdueActions: 2,
      stalledCases: 2,
      lastActivityAt: expect.any(String),
    });
    expect(all.get(f.secondCoordinator.id)).toEqual(expect.objectContaining({ activeHouseholds: 0, overdueActions: 0, stalledCases: 0, lastActivityAt: null }));
    expect(all.has(f.supervisor.id)).toBe(false);
  });

  it('pages coordinators by name and is for supervisors only', async () => {
    const f = await createTenantFixture(t.app);
    const first = await api().get('/api/v1/supervision/caseload?limit=1').set(bearer(f.supervisor));
    expect(first.body.items.map((i: Caseload) => i.coordinator.name)).toEqual(['Carla Coordinator']);
    const second = await api().get(`/api/v1/supervision/caseload?limit=1&cursor=${first.body.nextCursor}`).set(bearer(f.supervisor));
    expect(second.body.items.map((i: Caseload) => i.coordinator.name)).toEqual(['Chris Coordinator']);
    expect(second.body.nextCursor).toBeNull();
    expectProblem(await api().get('/api/v1/supervision/caseload').set(bearer(f.coordinator)), 403);
  });

  it('still lists a coordinator who left (inactive) but holds cases, so they can be handed over', async () => {
    const f = await createTenantFixture(t.app);
    const leaving = await createProfessional(t.app, { tenantId: f.tenantId, organisationId: f.ownOrganisationId, name: 'Aart Vertrekt', roles: ['coordinator'] });
    const householdId = await caseFor(f, leaving);
    await db().query(`UPDATE professional SET active = false WHERE id = $1`, [leaving.id]);
    expect((await caseloads(f)).get(leaving.id)).toEqual(expect.objectContaining({ canCoordinate: false, activeHouseholds: 1 }));
    const res = await handOver(f, leaving.id, { toCoordinatorId: f.coordinator.id, reason: 'Uit dienst' });
    expect(res.status).toBe(200);
    expect(await householdsOf(f.coordinator.id)).toContain(householdId);
    expect((await caseloads(f)).has(leaving.id)).toBe(false);
  });
});

describe('bulk hand-over of a caseload', () => {
  it('hands over the listed households in one go, with the reason on both assignments and an event per household plus one for the caseload', async () => {
    const f = await createTenantFixture(t.app);
    const households = [await caseFor(f, f.coordinator), await caseFor(f, f.coordinator), await caseFor(f, f.coordinator)].sort();
    const res = await handOver(f, f.coordinator.id, { toCoordinatorId: f.secondCoordinator.id, reason: 'Zwangerschapsverlof', householdIds: households.slice(0, 2) });
    expect(res.status).toBe(200);
    expect(res.body).toEqual(
      expect.objectContaining({ fromCoordinatorId: f.coordinator.id, toCoordinatorId: f.secondCoordinator.id, householdIds: households.slice(0, 2), count: 2 }),
    );
    expect(await householdsOf(f.secondCoordinator.id)).toEqual(households.slice(0, 2));
    expect(await householdsOf(f.coordinator.id)).toEqual([households[2]]);

    const history = await api().get(`/api/v1/households/${households[0]}/coordinator/history`).set(bearer(f.supervisor));
    expect(history.body.items).toEqual([
      expect.objectContaining({ professionalId: f.secondCoordinator.id, reason: 'Zwangerschapsverlof', endedAt: null, assignedById: f.supervisor.id }),
      expect.objectContaining({ professionalId: f.coordinator.id, endReason: 'Zwangerschapsverlof', endedAt: expect.any(String) }),
    ]);

    const perHousehold = await db().query<Array<{ household_id: string; payload: Record<string, unknown> }>>(
      `SELECT household_id, payload FROM outbox_event WHERE type = 'coordinator.handed_over' AND household_id = ANY($1::uuid[]) ORDER BY household_id`,
      [households],
    );
    expect(perHousehold).toEqual(
      households.slice(0, 2).map((id) => ({
        household_id: id,
        payload: { coordinatorId: f.secondCoordinator.id, previousCoordinatorId: f.coordinator.id, handoverId: res.body.handoverId },
      })),
    );
    const [caseload] = await db().query<Array<{ payload: Record<string, unknown>; household_id: string | null }>>(
      `SELECT payload, household_id FROM outbox_event WHERE type = 'caseload.handed_over' AND aggregate_id = $1`,
      [res.body.handoverId],
    );
    expect(caseload).toEqual({
      household_id: null,
      payload: { fromCoordinatorId: f.coordinator.id, toCoordinatorId: f.secondCoordinator.id, householdIds: households.slice(0, 2), count: 2 },
    });

    const rest = await handOver(f, f.coordinator.id, { toCoordinatorId: f.secondCoordinator.id, reason: 'Rest van de caseload' });
    expect(rest.body.householdIds).toEqual([households[2]]);
    expect(await householdsOf(f.coordinator.id)).toEqual([]);
    expectProblem(await handOver(f, f.coordinator.id, { toCoordinatorId: f.secondCoordinator.id, reason: 'Nog eens' }), 409, 'NOTHING_TO_HAND_OVER');
  });

  it('is all or nothing: one household outside the caseload refuses the whole hand-over', async () => {
    const f = await createTenantFixture(t.app);
    const mine = await caseFor(f, f.coordinator);
    const theirs = await caseFor(f, f.secondCoordinator);
    const other = await createTenantFixture(t.app);
    const foreign = await caseFor(other, other.coordinator);
    for (const stranger of [theirs, foreign]) {
      const res = await handOver(f, f.coordinator.id, { toCoordinatorId: f.secondCoordinator.id, reason: 'Herverdeling', householdIds: [mine, stranger] });
      expect(problemFields(expectProblem(res, 409, 'NOT_IN_CASELOAD'))).toEqual(['householdIds']);
      expect(res.body.detail).toContain(stranger);
    }
    expect(await householdsOf(f.coordinator.id)).toEqual([mine]);
    const events = await db().query(`SELECT 1 FROM outbox_event WHERE type = 'caseload.handed_over' AND tenant_id = $1`, [f.tenantId]);
    expect(events).toHaveLength(0);
  });

  it('needs a supervisor, an active coordinator to receive, and a valid request', async () => {
    const f = await createTenantFixture(t.app);
    await caseFor(f, f.coordinator);
    expectProblem(await handOver(f, f.coordinator.id, { toCoordinatorId: f.secondCoordinator.id, reason: 'x' }, f.coordinator), 403);
    expectProblem(await handOver(f, f.coordinator.id, { toCoordinatorId: f.coordinator.id, reason: 'x' }), 422, 'SAME_COORDINATOR');
    expect(problemFields(expectProblem(await handOver(f, f.coordinator.id, { toCoordinatorId: f.partner.id, reason: 'x' }), 422, 'NOT_A_COORDINATOR'))).toEqual([
      'toCoordinatorId',
    ]);
    const other = await createTenantFixture(t.app);
    expectProblem(await handOver(f, f.coordinator.id, { toCoordinatorId: other.coordinator.id, reason: 'x' }), 422, 'NOT_A_COORDINATOR');
    expectProblem(await handOver(f, other.coordinator.id, { toCoordinatorId: f.secondCoordinator.id, reason: 'x' }), 404, 'COORDINATOR_NOT_FOUND');
    const invalid = await handOver(f, f.coordinator.id, { toCoordinatorId: 'nope', reason: ' ', householdIds: [], extra: true });
    expect(problemFields(expectProblem(invalid, 400)).sort()).toEqual(['extra', 'householdIds', 'reason', 'toCoordinatorId']);
    expectProblem(await handOver(f, f.coordinator.id, { toCoordinatorId: f.secondCoordinator.id, reason: 'x', householdIds: ['x'] }), 400);
    expectProblem(await api().post('/api/v1/supervision/caseload/not-a-uuid/handover').set(bearer(f.supervisor)).send({}), 400);
  });

  it('two hand-overs of the same caseload at once (households listed in different orders) do not deadlock: one wins, all or nothing', async () => {
    const f = await createTenantFixture(t.app);
    const third = await createProfessional(t.app, { tenantId: f.tenantId, organisationId: f.ownOrganisationId, name: 'Cees Coordinator', roles: ['coordinator'] });
    const a = [await caseFor(f, f.coordinator), await caseFor(f, f.coordinator), await caseFor(f, f.coordinator)].sort();
    const [one, two] = await Promise.all([
      handOver(f, f.coordinator.id, { toCoordinatorId: f.secondCoordinator.id, reason: 'Herverdeling', householdIds: [a[2], a[0], a[1]] }),
      handOver(f, f.coordinator.id, { toCoordinatorId: third.id, reason: 'Herverdeling', householdIds: a }),
    ]);
    expect([one.status, two.status].sort()).toEqual([200, 409]);
    const winner = one.status === 200 ? f.secondCoordinator.id : third.id;
    const active = await db().query<Array<{ professional_id: string; n: number }>>(
      `SELECT professional_id, count(*)::int AS n FROM coordinator_assignment WHERE household_id = ANY($1::uuid[]) AND ended_at IS NULL GROUP BY professional_id`,
      [a],
    );
    expect(active).toEqual([{ professional_id: winner, n: 3 }]);
  });
});
