import pg from 'pg';
import request from 'supertest';
import { bearer, createProfessional, createTenantFixture, expectProblem, startTestApp, systemDb, type TenantFixture, type TestApp } from './harness/index.js';
import { caseApi } from './support/case.js';

/**
 * Changes of one case that race each other (an outside run's findings, stop 38). Each test makes the race
 * deterministic: a second connection holds the lock the first change takes (or makes the competing change and holds
 * it uncommitted), the request under test is sent and waits on that lock, then the holder commits.
 */

let t: TestApp;
let f: TenantFixture;
let c: ReturnType<typeof caseApi>;
let holder: pg.Client;

beforeAll(async () => {
  t = await startTestApp();
  f = await createTenantFixture(t.app);
  c = caseApi(t);
  holder = new pg.Client({ connectionString: process.env.DATABASE_URL });
  await holder.connect();
});

afterAll(async () => {
  await holder?.end();
  await t?.close();
});

const api = () => request(t.http);

/** Sends `send` while `holder` keeps its transaction open, waits until `waiters` backends wait on a lock, then commits. */
async function whileHeld<T>(hold: () => Promise<unknown>, send: () => Promise<T>, waiters = 1): Promise<T> {
  await holder.query('BEGIN');
  await hold();
  let answered: unknown;
  const sent = send().then((value) => (answered = value));
  for (let tries = 0; ; tries++) {
    // within a transaction the activity view is a snapshot taken at its first use: cleared for each look
    await holder.query('SELECT pg_stat_clear_snapshot()');
    const { rows } = await holder.query<{ n: number }>("SELECT count(*)::int AS n FROM pg_stat_activity WHERE datname = current_database() AND wait_event_type = 'Lock'");
    if (rows[0]!.n >= waiters) break;
    if (tries > 200 || answered !== undefined) {
      await holder.query('ROLLBACK');
      const said = ([] as Array<{ status: number; text: string }>).concat(answered as never).map((r) => `${r.status} ${r.text}`);
      throw new Error(`the request never waited on the held lock: ${said.join(' | ')}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
  await holder.query('COMMIT');
  return sent as Promise<T>;
}

const proposeTo = async (householdId: string, to: string) => {
  const res = await api().post(`/api/v1/households/${householdId}/coordination/handovers`).set(bearer(f.coordinator)).send({ toProfessionalId: to, reason: 'Andere wijk' });
  expect(res.status).toBe(201);
  return res.body.id as string;
};
const coordination = async (householdId: string) => (await api().get(`/api/v1/households/${householdId}/coordination`).set(bearer(f.supervisor))).body as {
  state: string;
  coordinator: { professionalId: string } | null;
  handovers: Array<{ id: string; status: string }>;
};

describe('a hand-over decided twice at once', () => {
  it('is decided once: accept and decline waiting on the household, one wins and the other is 409 HANDOVER_DECIDED', async () => {
    const householdId = await c.registerHousehold(f.coordinator);
    await c.assignCoordinator(f.coordinator, householdId, f.coordinator);
    const handoverId = await proposeTo(householdId, f.secondCoordinator.id);
    const [accepted, declined] = await whileHeld(
      () => holder.query('SELECT 1 FROM household WHERE id = $1 FOR UPDATE', [householdId]),
      () =>
        Promise.all([
          api().post(`/api/v1/coordination/handovers/${handoverId}/accept`).set(bearer(f.secondCoordinator)).then((r) => r),
          api().post(`/api/v1/coordination/handovers/${handoverId}/decline`).set(bearer(f.secondCoordinator)).send({ reason: 'Caseload vol' }).then((r) => r),
        ]),
      2,
    );
    expect([accepted.status, declined.status].sort()).toEqual([200, 409]);
    const loser = accepted.status === 409 ? accepted : declined;
    expectProblem(loser, 409, 'HANDOVER_DECIDED');
    const now = await coordination(householdId);
    const decided = now.handovers.find((h) => h.id === handoverId)!;
    // the household and the proposal tell the same story
    if (accepted.status === 200) expect([decided.status, now.coordinator?.professionalId]).toEqual(['accepted', f.secondCoordinator.id]);
    else expect([decided.status, now.coordinator?.professionalId]).toEqual(['declined', f.coordinator.id]);
  });
});

describe('a case given to someone being deactivated', () => {
  it('waits for the deactivation and is refused (422 NOT_A_COORDINATOR): nobody is left coordinating as an inactive person', async () => {
    const leaving = await createProfessional(t.app, { tenantId: f.tenantId, organisationId: f.ownOrganisationId, roles: ['coordinator'] });
    const householdId = await c.registerHousehold(f.supervisor);
    const assigned = await whileHeld(
      () => holder.query('UPDATE professional SET active = false WHERE id = $1', [leaving.id]),
      () => api().put(`/api/v1/households/${householdId}/coordinator`).set(bearer(f.supervisor)).send({ professionalId: leaving.id, reason: 'Eerste regisseur' }).then((r) => r),
    );
    expectProblem(assigned, 422, 'NOT_A_COORDINATOR');
    expect((await coordination(householdId)).state).toBe('vacant');
  });

  it('a proposal to them waits as well and is refused', async () => {
    const leaving = await createProfessional(t.app, { tenantId: f.tenantId, organisationId: f.ownOrganisationId, roles: ['coordinator'] });
    const householdId = await c.registerHousehold(f.coordinator);
    await c.assignCoordinator(f.coordinator, householdId, f.coordinator);
    const proposed = await whileHeld(
      () => holder.query('UPDATE professional SET active = false WHERE id = $1', [leaving.id]),
      () => api().post(`/api/v1/households/${householdId}/coordination/handovers`).set(bearer(f.coordinator)).send({ toProfessionalId: leaving.id, reason: 'Andere wijk' }).then((r) => r),
    );
    expectProblem(proposed, 422, 'NOT_A_COORDINATOR');
  });
});

describe('a care-team link on a consent being withdrawn', () => {
  it('waits for the withdrawal and is refused (422 CONSENT_NOT_USABLE): no standing link on a withdrawn consent', async () => {
    const { householdId } = await c.caseWithPlan(f);
    const consent = await api()
      .post(`/api/v1/households/${householdId}/consents`)
      .set(bearer(f.coordinator))
      .send({ organisationId: f.partnerOrganisationId, purpose: 'Schuldhulp', basis: 'consent' });
    expect(consent.status).toBe(201);
    const linked = await whileHeld(
      () => holder.query("UPDATE consent SET withdrawn_at = now(), withdrawn_by_id = $2, withdrawal_reason = 'Ingetrokken' WHERE id = $1", [consent.body.id, f.coordinator.id]),
      () =>
        api()
          .post(`/api/v1/households/${householdId}/care-team`)
          .set(bearer(f.coordinator))
          .send({ organisationId: f.partnerOrganisationId, professionalId: f.partner.id, role: 'Schuldhulp', basis: 'consent', consentId: consent.body.id })
          .then((r) => r),
    );
    expectProblem(linked, 422, 'CONSENT_NOT_USABLE');
  });

  it('a link to a deactivated professional is refused (422 PROFESSIONAL_INACTIVE)', async () => {
    const gone = await createProfessional(t.app, { tenantId: f.tenantId, organisationId: f.partnerOrganisationId, roles: ['professional'] });
    expect((await api().post(`/api/v1/professionals/${gone.id}/deactivate`).set(bearer(f.admin)).send({ reason: 'Uit dienst' })).status).toBe(200);
    const { householdId } = await c.caseWithPlan(f);
    const res = await api()
      .post(`/api/v1/households/${householdId}/care-team`)
      .set(bearer(f.coordinator))
      .send({ organisationId: f.partnerOrganisationId, professionalId: gone.id, role: 'Schuldhulp', basis: 'public_task' });
    expectProblem(res, 422, 'PROFESSIONAL_INACTIVE');
  });
});

describe('a plan change racing the close of its case', () => {
  const planChange = (householdId: string, etag: string) =>
    api().patch(`/api/v1/households/${householdId}/plan`).set(bearer(f.coordinator)).set('If-Match', etag).send({ familyWishes: 'Weer rust' });

  it('waits for the close and is refused (409 HOUSEHOLD_CLOSED): no revision after the case closed', async () => {
    const { householdId, etag } = await c.caseWithPlan(f);
    const changed = await whileHeld(
      () => holder.query("UPDATE household SET status = 'closed', closed_at = now() WHERE id = $1", [householdId]),
      () => planChange(householdId, etag).then((r) => r),
    );
    expectProblem(changed, 409, 'HOUSEHOLD_CLOSED');
    const revisions = await systemDb(t.app).query<Array<{ n: number }>>('SELECT count(*)::int AS n FROM plan_revision r JOIN plan p ON p.id = r.plan_id WHERE p.household_id = $1', [householdId]);
    expect(revisions[0]!.n).toBe(1);
  });

  it('the same for a change of one action (the prepared path)', async () => {
    const { householdId, etag } = await c.caseWithPlan(f);
    const goal = await api().post(`/api/v1/households/${householdId}/plan/goals`).set(bearer(f.coordinator)).set('If-Match', etag).send({ domainCode: 'finances', title: 'Schulden' });
    const action = await api()
      .post(`/api/v1/households/${householdId}/plan/goals/${goal.body.id}/actions`)
      .set(bearer(f.coordinator))
      .set('If-Match', goal.headers.etag as string)
      .send({ description: 'Stap', owner: { type: 'professional', id: f.coordinator.id } });
    expect(action.status).toBe(201);
    const changed = await whileHeld(
      () => holder.query("UPDATE household SET status = 'closed', closed_at = now() WHERE id = $1", [householdId]),
      () =>
        api()
          .patch(`/api/v1/households/${householdId}/plan/actions/${action.body.id}`)
          .set(bearer(f.coordinator))
          .set('If-Match', action.headers.etag as string)
          .send({ description: 'Andere stap' })
          .then((r) => r),
    );
    expectProblem(changed, 409, 'HOUSEHOLD_CLOSED');
    // reopening opens the plan again
    await holder.query("UPDATE household SET status = 'registered', closed_at = NULL WHERE id = $1", [householdId]);
    const [plan] = await systemDb(t.app).query<Array<{ household_closed: boolean }>>('SELECT household_closed FROM plan WHERE household_id = $1', [householdId]);
    expect(plan!.household_closed).toBe(false);
  });
});

describe('a pending hand-over whose premise ended', () => {
  it('is withdrawn when its proposer is deactivated and the case left vacant, and when the proposed person is assigned directly', async () => {
    const proposer = await createProfessional(t.app, { tenantId: f.tenantId, organisationId: f.ownOrganisationId, roles: ['coordinator'] });
    const first = await c.registerHousehold(f.supervisor);
    await c.assignCoordinator(f.supervisor, first, proposer);
    const stuck = await api().post(`/api/v1/households/${first}/coordination/handovers`).set(bearer(proposer)).send({ toProfessionalId: f.secondCoordinator.id, reason: 'Andere wijk' });
    expect(stuck.status).toBe(201);
    expect((await api().post(`/api/v1/professionals/${proposer.id}/deactivate`).set(bearer(f.admin)).send({ reason: 'Uit dienst', leaveVacant: true })).status).toBe(200);
    let now = await coordination(first);
    expect([now.state, now.handovers.find((h) => h.id === stuck.body.id)?.status]).toEqual(['vacant', 'withdrawn']);
    // a new proposal is possible once someone coordinates again
    await c.assignCoordinator(f.supervisor, first, f.coordinator);
    expect((await api().post(`/api/v1/households/${first}/coordination/handovers`).set(bearer(f.coordinator)).send({ toProfessionalId: f.secondCoordinator.id, reason: 'Andere wijk' })).status).toBe(201);

    // the supervisor gives the case to the proposed person directly: the proposal has nothing left to decide
    const second = await c.registerHousehold(f.coordinator);
    await c.assignCoordinator(f.coordinator, second, f.coordinator);
    const overtaken = await proposeTo(second, f.secondCoordinator.id);
    await c.assignCoordinator(f.supervisor, second, f.secondCoordinator);
    now = await coordination(second);
    expect([now.state, now.coordinator?.professionalId, now.handovers.find((h) => h.id === overtaken)?.status]).toEqual(['assigned', f.secondCoordinator.id, 'withdrawn']);
  });
});
