import request from 'supertest';
import { Clock } from '../../src/common/clock.js';
import { bearer, createProfessional, createTenantFixture, expectProblem, problemFields, startTestApp, systemDb, type TenantFixture, type TestApp, type UserFixture } from './harness/index.js';
import { linkCareTeam } from './support/care-team.js';
import { caseApi } from './support/case.js';
import { onDay as moveToDay } from './support/days.js';

let t: TestApp;
let f: TenantFixture;
let c: ReturnType<typeof caseApi>;

beforeAll(async () => {
  t = await startTestApp();
  f = await createTenantFixture(t.app);
  c = caseApi(t);
});

afterEach(() => t.app.get(Clock).reset());

afterAll(async () => {
  await t?.close();
});

const api = () => request(t.http);
const db = () => systemDb(t.app);

interface Coordination {
  state: string;
  coordinator: { professionalId: string } | null;
  vacancy: { since: string; reason: string } | null;
  pendingHandover: { id: string; to: { professionalId: string } } | null;
  overlap: { professional: { professionalId: string }; until: string } | null;
  handovers: Array<{ id: string; status: string; declineReason: string | null }>;
}
const coordination = async (householdId: string, as = f.supervisor): Promise<Coordination> => {
  const res = await api().get(`/api/v1/households/${householdId}/coordination`).set(bearer(as));
  expect(res.status).toBe(200);
  return res.body as Coordination;
};
const propose = (householdId: string, as: typeof f.coordinator, to: string, overlapDays?: number) =>
  api().post(`/api/v1/households/${householdId}/coordination/handovers`).set(bearer(as)).send({ toProfessionalId: to, reason: 'Andere wijk', ...(overlapDays !== undefined ? { overlapDays } : {}) });
const coordinated = async () => {
  const householdId = await c.registerHousehold(f.coordinator);
  await c.assignCoordinator(f.coordinator, householdId, f.coordinator);
  return householdId;
};

describe('coordination states', () => {
  it('a new household is explicitly vacant (not yet assigned) until a coordinator is assigned', async () => {
    const householdId = await c.registerHousehold(f.supervisor);
    expect(await coordination(householdId)).toMatchObject({ state: 'vacant', coordinator: null, vacancy: { reason: 'not_yet_assigned' } });
    await c.assignCoordinator(f.supervisor, householdId, f.coordinator);
    expect(await coordination(householdId)).toMatchObject({ state: 'assigned', coordinator: { professionalId: f.coordinator.id }, vacancy: null });
  });

  it('a coordinator steps down with a reason: vacant (stepped down) since then, in the history and the timeline', async () => {
    const householdId = await coordinated();
    const link = await linkCareTeam(t, householdId, f.coordinator, { organisationId: f.partnerOrganisationId, professionalId: f.partner.id, role: 'jeugdhulp', basis: 'consent' });
    expect(link.status).toBe(201);
    expectProblem(await api().post(`/api/v1/households/${householdId}/coordination/step-down`).set(bearer(f.partner)).send({ reason: 'x' }), 403);
    expectProblem(await api().post(`/api/v1/households/${householdId}/coordination/step-down`).set(bearer(f.coordinator)).send({}), 400);

    const res = await api().post(`/api/v1/households/${householdId}/coordination/step-down`).set(bearer(f.coordinator)).send({ reason: 'Langdurig afwezig' });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ state: 'vacant', coordinator: null, vacancy: { reason: 'stepped_down' } });
    const history = await api().get(`/api/v1/households/${householdId}/coordinator/history`).set(bearer(f.supervisor));
    expect(history.body.items[0]).toMatchObject({ professionalId: f.coordinator.id, endReason: 'Langdurig afwezig' });
    expect(history.body.items[0].endedAt).not.toBeNull();
    const timeline = await api().get(`/api/v1/households/${householdId}/timeline?types=coordinator.stepped_down`).set(bearer(f.supervisor));
    expect(timeline.body.items).toEqual([expect.objectContaining({ type: 'coordinator.stepped_down', data: expect.objectContaining({ previousCoordinator: expect.objectContaining({ professionalId: f.coordinator.id }) }) })]);
    expectProblem(await api().post(`/api/v1/households/${householdId}/coordination/step-down`).set(bearer(f.supervisor)).send({ reason: 'nog eens' }), 409, 'NOT_ASSIGNED');
  });

  it('a proposed hand-over keeps the current coordinator accountable; only the proposed one may answer; declining returns to assigned', async () => {
    const householdId = await coordinated();
    const proposed = await propose(householdId, f.coordinator, f.secondCoordinator.id);
    expect(proposed.status).toBe(201);
    expect(await coordination(householdId)).toMatchObject({ state: 'handover_proposed', coordinator: { professionalId: f.coordinator.id }, pendingHandover: { id: proposed.body.id } });
    // still accountable: the current coordinator still changes the household, the proposed one cannot yet
    expect((await api().get(`/api/v1/households/${householdId}`).set(bearer(f.coordinator))).status).toBe(200);
    expectProblem(await propose(householdId, f.coordinator, f.secondCoordinator.id), 409, 'HANDOVER_PENDING');
    expectProblem(await api().post(`/api/v1/households/${householdId}/coordination/step-down`).set(bearer(f.coordinator)).send({ reason: 'x' }), 409, 'HANDOVER_PENDING');
    // nobody but the proposed coordinator can answer it: to them it does not exist
    expectProblem(await api().post(`/api/v1/coordination/handovers/${proposed.body.id}/accept`).set(bearer(f.coordinator)), 404, 'HANDOVER_NOT_FOUND');
    expectProblem(await api().post(`/api/v1/coordination/handovers/${proposed.body.id}/accept`).set(bearer(f.supervisor)), 404, 'HANDOVER_NOT_FOUND');

    const declined = await api().post(`/api/v1/coordination/handovers/${proposed.body.id}/decline`).set(bearer(f.secondCoordinator)).send({ reason: 'Caseload vol' });
    expect(declined.status).toBe(200);
    expect(declined.body).toMatchObject({ status: 'declined', declineReason: 'Caseload vol' });
    const after = await coordination(householdId);
    expect(after).toMatchObject({ state: 'assigned', coordinator: { professionalId: f.coordinator.id }, pendingHandover: null });
    expect(after.handovers).toEqual([expect.objectContaining({ id: proposed.body.id, status: 'declined' })]);
    expectProblem(await api().post(`/api/v1/coordination/handovers/${proposed.body.id}/accept`).set(bearer(f.secondCoordinator)), 409, 'HANDOVER_DECIDED');
  });

  it('accepting makes the new coordinator the one accountable; during the overlap the previous one still sees the case; the database allows one accountable only', async () => {
    const householdId = await coordinated();
    const proposed = await propose(householdId, f.coordinator, f.secondCoordinator.id, 7);
    // accepting takes no body: what a caller puts in one is refused, naming it, rather than silently ignored
    const withBody = await api().post(`/api/v1/coordination/handovers/${proposed.body.id}/accept`).set(bearer(f.secondCoordinator)).send({ overlapDays: 1, note: 'x' });
    expect(problemFields(expectProblem(withBody, 400, 'VALIDATION_FAILED'))).toEqual(['overlapDays', 'note']);
    const accepted = await api().post(`/api/v1/coordination/handovers/${proposed.body.id}/accept`).set(bearer(f.secondCoordinator)).send({});
    expect(accepted.status).toBe(200);
    expect(accepted.body).toMatchObject({ state: 'assigned', coordinator: { professionalId: f.secondCoordinator.id }, overlap: { professional: { professionalId: f.coordinator.id } } });
    expect(Date.parse(accepted.body.overlap.until) - Date.now()).toBeGreaterThan(6 * 86_400_000);
    // the previous coordinator is involved (sees it) but no longer accountable (may not hand it over)
    expect((await api().get(`/api/v1/households/${householdId}`).set(bearer(f.coordinator))).status).toBe(200);
    expectProblem(await propose(householdId, f.coordinator, f.secondCoordinator.id), 403);
    const history = await api().get(`/api/v1/households/${householdId}/coordinator/history`).set(bearer(f.supervisor));
    expect((history.body.items as Array<{ endedAt: string | null }>).filter((a) => a.endedAt === null)).toHaveLength(1);

    // an overlap on the open (accountable) assignment, or a second open assignment, is refused by the database
    await expect(db().query(`UPDATE coordinator_assignment SET overlap_until = now() + interval '1 day' WHERE household_id = $1 AND ended_at IS NULL`, [householdId])).rejects.toThrow(/ck_coordinator_assignment_overlap/);
    await expect(
      db().query(`INSERT INTO coordinator_assignment (tenant_id, household_id, professional_id, started_at, reason, assigned_by_id) VALUES ($1, $2, $3, now(), 'x', $3)`, [f.tenantId, householdId, f.coordinator.id]),
    ).rejects.toThrow(/uq_coordinator_assignment_active/);

    // without overlap the previous coordinator loses sight at once
    const other = await coordinated();
    const plain = await propose(other, f.coordinator, f.secondCoordinator.id);
    expect((await api().post(`/api/v1/coordination/handovers/${plain.body.id}/accept`).set(bearer(f.secondCoordinator))).status).toBe(200);
    expect((await coordination(other)).overlap).toBeNull();
  });

  it("an overlap ends when the outgoing coordinator loses the role, moves organisation or leaves, when the case closes, and at its end by the request's clock (an outside probe: a former coordinator moved to the police still read the case)", async () => {
    const readsAs = async (householdId: string, who: { token: string }) => (await api().get(`/api/v1/households/${householdId}`).set(bearer(who))).status;
    const handedOverWithOverlap = async (outgoing: UserFixture) => {
      const householdId = await c.registerHousehold(f.supervisor);
      await c.assignCoordinator(f.supervisor, householdId, outgoing);
      const proposed = await propose(householdId, outgoing, f.secondCoordinator.id, 90);
      expect((await api().post(`/api/v1/coordination/handovers/${proposed.body.id}/accept`).set(bearer(f.secondCoordinator)).send({})).status).toBe(200);
      expect(await readsAs(householdId, outgoing)).toBe(200);
      return householdId;
    };
    const person = () => createProfessional(t.app, { tenantId: f.tenantId, organisationId: f.ownOrganisationId, roles: ['coordinator'] });

    // loses the coordinator role: the overlap ends (data) and would not count anyway (the role is checked on each read)
    const demoted = await person();
    const first = await handedOverWithOverlap(demoted);
    expect((await api().patch(`/api/v1/professionals/${demoted.id}`).set(bearer(f.admin)).send({ roles: ['professional'], reason: 'Andere functie' })).status).toBe(200);
    expect(await readsAs(first, demoted)).toBe(404);
    expect((await coordination(first)).overlap).toBeNull();
    const [row] = await db().query<Array<{ overlap_until: Date | null; ended_at: Date }>>('SELECT overlap_until, ended_at FROM coordinator_assignment WHERE household_id = $1 AND professional_id = $2', [first, demoted.id]);
    expect(row!.overlap_until === null || row!.overlap_until.getTime() <= Date.now()).toBe(true);

    // moves to a partner organisation, still a coordinator
    const moved = await person();
    const second = await handedOverWithOverlap(moved);
    expect((await api().patch(`/api/v1/professionals/${moved.id}`).set(bearer(f.admin)).send({ organisationId: f.partnerOrganisationId })).status).toBe(200);
    expect(await readsAs(second, moved)).toBe(404);

    // leaves (deactivated) and comes back: the overlap stays ended
    const leaver = await person();
    const third = await handedOverWithOverlap(leaver);
    expect((await api().post(`/api/v1/professionals/${leaver.id}/deactivate`).set(bearer(f.admin)).send({ reason: 'Uit dienst' })).status).toBe(200);
    expect((await api().post(`/api/v1/professionals/${leaver.id}/reactivate`).set(bearer(f.admin))).status).toBe(200);
    expect(await readsAs(third, leaver)).toBe(404);

    // the case closes: the accountable coordinator and the one in the overlap lose sight alike
    const outgoing = await person();
    const fourth = await handedOverWithOverlap(outgoing);
    expect((await api().post(`/api/v1/households/${fourth}/close`).set(bearer(f.supervisor)).send({ reason: 'Doelen bereikt' })).status).toBe(200);
    expect(await readsAs(fourth, f.secondCoordinator)).toBe(404);
    expect(await readsAs(fourth, outgoing)).toBe(404);
    // even had the overlap row been left running, a closed case is not seen on it
    await db().query("UPDATE coordinator_assignment SET overlap_until = now() + interval '30 days' WHERE household_id = $1 AND professional_id = $2", [fourth, outgoing.id]);
    expect(await readsAs(fourth, outgoing)).toBe(404);

    // the overlap's end is judged at the request's moment (the application's clock), as emergency access is
    const timed = await person();
    const fifth = await handedOverWithOverlap(timed);
    moveToDay(t.app, 89);
    expect(await readsAs(fifth, timed)).toBe(200);
    moveToDay(t.app, 91);
    expect(await readsAs(fifth, timed)).toBe(404);
    expect(await readsAs(fifth, f.secondCoordinator)).toBe(200);
  });

  it('assigning directly while a hand-over is pending withdraws the proposal', async () => {
    const householdId = await coordinated();
    const proposed = await propose(householdId, f.coordinator, f.secondCoordinator.id);
    const third = await createProfessional(t.app, { tenantId: f.tenantId, organisationId: f.ownOrganisationId, roles: ['coordinator'] });
    await c.assignCoordinator(f.supervisor, householdId, third);
    const state = await coordination(householdId);
    expect(state).toMatchObject({ state: 'assigned', coordinator: { professionalId: third.id }, pendingHandover: null });
    expect(state.handovers[0]).toMatchObject({ id: proposed.body.id, status: 'withdrawn' });
  });

  it('a proposal to someone who leaves or loses the coordinator role is withdrawn with an event: the proposer and supervisors hear of it, the timeline shows it', async () => {
    for (const change of ['deactivate', 'demote'] as const) {
      const householdId = await coordinated();
      const proposedTo = await createProfessional(t.app, { tenantId: f.tenantId, organisationId: f.ownOrganisationId, roles: ['coordinator'] });
      const proposed = await propose(householdId, f.coordinator, proposedTo.id);
      expect(proposed.status).toBe(201);
      const done =
        change === 'deactivate'
          ? await api().post(`/api/v1/professionals/${proposedTo.id}/deactivate`).set(bearer(f.admin)).send({ reason: 'Uit dienst' })
          : await api().patch(`/api/v1/professionals/${proposedTo.id}`).set(bearer(f.admin)).send({ roles: ['professional'], reason: 'Andere functie' });
      expect(done.status).toBe(200);
      expect(await coordination(householdId)).toMatchObject({ state: 'assigned', pendingHandover: null });
      const events = await db().query<Array<{ payload: Record<string, unknown> }>>(
        "SELECT payload FROM outbox_event WHERE household_id = $1 AND type = 'coordinator.handover_withdrawn'",
        [householdId],
      );
      expect(events.map((e) => e.payload)).toEqual([{ handoverId: proposed.body.id, coordinatorId: proposedTo.id, previousCoordinatorId: f.coordinator.id }]);
      const timeline = await api().get(`/api/v1/households/${householdId}/timeline`).set(bearer(f.coordinator));
      const entry = (timeline.body.items as Array<{ type: string; data: { coordinator: { professionalId: string } | null; previousCoordinator: { professionalId: string } | null } }>).find((i) => i.type === 'coordinator.handover_withdrawn');
      expect(entry?.data).toMatchObject({ coordinator: { professionalId: proposedTo.id }, previousCoordinator: { professionalId: f.coordinator.id }, reason: null });
    }
  });

  it('closing makes it vacant (closed); reopening starts vacant (reopened); deactivating with leaveVacant leaves it vacant (deactivated)', async () => {
    const householdId = await coordinated();
    expect((await api().post(`/api/v1/households/${householdId}/close`).set(bearer(f.coordinator)).send({ reason: 'Doelen bereikt' })).status).toBe(200);
    expect(await coordination(householdId)).toMatchObject({ state: 'vacant', vacancy: { reason: 'closed' } });
    expect((await api().post(`/api/v1/households/${householdId}/reopen`).set(bearer(f.supervisor)).send({ reason: 'Nieuwe zorgen' })).status).toBe(200);
    expect(await coordination(householdId)).toMatchObject({ state: 'vacant', vacancy: { reason: 'reopened' } });

    const leaving = await createProfessional(t.app, { tenantId: f.tenantId, organisationId: f.ownOrganisationId, roles: ['coordinator'] });
    const theirs = await c.registerHousehold(f.supervisor);
    await c.assignCoordinator(f.supervisor, theirs, leaving);
    const res = await api().post(`/api/v1/professionals/${leaving.id}/deactivate`).set(bearer(f.admin)).send({ reason: 'Uit dienst', leaveVacant: true });
    expect(res.status).toBe(200);
    expect(res.body.vacated).toEqual([theirs]);
    expect(await coordination(theirs)).toMatchObject({ state: 'vacant', vacancy: { reason: 'deactivated' } });
  });
});

describe('the stall rule HANDOVER_PENDING', () => {
  it('fires when a proposal waits longer than the threshold, configurable per municipality', async () => {
    const own = await createTenantFixture(t.app, 'Overdrachtgemeente');
    const other = await createTenantFixture(t.app, 'Snellegemeente');
    const rule = await api().put('/api/v1/supervision/rules/HANDOVER_PENDING').set(bearer(other.admin)).send({ thresholdDays: 2, enabled: true });
    expect(rule.status).toBe(200);
    moveToDay(t.app, 0);
    const waiting = async (m: TenantFixture) => {
      const householdId = await c.registerHousehold(m.coordinator);
      await c.assignCoordinator(m.coordinator, householdId, m.coordinator);
      expect((await propose(householdId, m.coordinator, m.secondCoordinator.id)).status).toBe(201);
      return householdId;
    };
    const householdId = await waiting(own);
    const fast = await waiting(other);
    const rulesOn = async (m: TenantFixture, id: string, day: number) => {
      moveToDay(t.app, day);
      expect((await api().post('/api/v1/supervision/stalled/evaluate').set(bearer(m.supervisor))).status).toBe(200);
      const queue = await api().get('/api/v1/supervision/stalled?limit=100').set(bearer(m.supervisor));
      const item = (queue.body.items as Array<{ householdId: string; rules: Array<{ rule: string; figures: Record<string, unknown> }> }>).find((i) => i.householdId === id);
      return new Map((item?.rules ?? []).map((r) => [r.rule, r.figures]));
    };
    expect((await rulesOn(other, fast, 2)).has('HANDOVER_PENDING')).toBe(false);
    expect((await rulesOn(other, fast, 3)).get('HANDOVER_PENDING')).toMatchObject({ days: 3 });
    expect((await rulesOn(own, householdId, 3)).has('HANDOVER_PENDING')).toBe(false);
    expect((await rulesOn(own, householdId, 7)).has('HANDOVER_PENDING')).toBe(false);
    expect((await rulesOn(own, householdId, 8)).get('HANDOVER_PENDING')).toMatchObject({ days: 8 });
    // the queue answers before its audit events commit (it streams): one more request, so the app is not closed under it
    expect((await coordination(householdId, own.supervisor)).state).toBe('handover_proposed');
  });
});
