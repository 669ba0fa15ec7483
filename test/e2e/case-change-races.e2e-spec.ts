import pg from 'pg';
import { WebhookDispatcher } from '../../src/delivery/webhooks/webhook-dispatcher.js';
import request from 'supertest';
import { bearer, createProfessional, createTenantFixture, expectProblem, startTestApp, systemDb, type TenantFixture, type TestApp, type UserFixture } from './harness/index.js';
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

describe('a caseload handed to someone being deactivated', () => {
  it('waits for the deactivation and is refused (422 NOT_A_COORDINATOR): the households keep their coordinator', async () => {
    const from = await createProfessional(t.app, { tenantId: f.tenantId, organisationId: f.ownOrganisationId, roles: ['coordinator'] });
    const leaving = await createProfessional(t.app, { tenantId: f.tenantId, organisationId: f.ownOrganisationId, roles: ['coordinator'] });
    const householdId = await c.registerHousehold(f.supervisor);
    await c.assignCoordinator(f.supervisor, householdId, from);
    const handed = await whileHeld(
      () => holder.query('UPDATE professional SET active = false WHERE id = $1', [leaving.id]),
      () => api().post(`/api/v1/supervision/caseload/${from.id}/handover`).set(bearer(f.supervisor)).send({ toCoordinatorId: leaving.id, reason: 'Andere wijk' }).then((r) => r),
    );
    expectProblem(handed, 422, 'NOT_A_COORDINATOR');
    expect((await coordination(householdId)).coordinator?.professionalId).toBe(from.id);
  });
});

describe('an action given to someone being deactivated', () => {
  it('waits for the deactivation and is refused (422): no unfinished action is left with an owner who has gone', async () => {
    const leaving = await createProfessional(t.app, { tenantId: f.tenantId, organisationId: f.ownOrganisationId, roles: ['professional'] });
    const { householdId, etag } = await c.caseWithPlan(f);
    const goal = await api().post(`/api/v1/households/${householdId}/plan/goals`).set(bearer(f.coordinator)).set('If-Match', etag).send({ domainCode: 'finances', title: 'Schulden' });
    const added = await whileHeld(
      () => holder.query('UPDATE professional SET active = false WHERE id = $1', [leaving.id]),
      () =>
        api()
          .post(`/api/v1/households/${householdId}/plan/goals/${goal.body.id}/actions`)
          .set(bearer(f.coordinator))
          .set('If-Match', goal.headers.etag as string)
          .send({ description: 'Stap', owner: { type: 'professional', id: leaving.id } })
          .then((r) => r),
    );
    expect(added.status).toBe(422);
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

/**
 * A case with a plan, a goal and an action owned by `owner` (after `prepare`, which may link the owner to the case);
 * the action and the plan's ETag after it.
 */
async function caseWithAction(owner: { type: string; id: string }, prepare: (householdId: string) => Promise<void> = async () => undefined): Promise<{ householdId: string; actionId: string; etag: string }> {
  const { householdId } = await c.caseWithPlan(f);
  await prepare(householdId);
  const etag = (await api().get(`/api/v1/households/${householdId}/plan`).set(bearer(f.coordinator))).headers.etag as string;
  const goal = await api().post(`/api/v1/households/${householdId}/plan/goals`).set(bearer(f.coordinator)).set('If-Match', etag).send({ domainCode: 'finances', title: 'Schulden' });
  const action = await api().post(`/api/v1/households/${householdId}/plan/goals/${goal.body.id}/actions`).set(bearer(f.coordinator)).set('If-Match', goal.headers.etag as string).send({ description: 'Stap', owner });
  expect(action.status).toBe(201);
  return { householdId, actionId: action.body.id as string, etag: action.headers.etag as string };
}

const revisionCount = async (householdId: string) =>
  (await systemDb(t.app).query<Array<{ n: number }>>('SELECT count(*)::int AS n FROM plan_revision r JOIN plan p ON p.id = r.plan_id WHERE p.household_id = $1', [householdId]))[0]!.n;

/** What a hand-over to `to` writes (the coordinator's assignment ends, the new one starts), made on the holder's connection. */
const handOver = (householdId: string, to: UserFixture) =>
  holder.query(
    `WITH ended AS (UPDATE coordinator_assignment SET ended_at = now(), end_reason = 'Overdracht', end_kind = 'handed_over' WHERE household_id = $1 AND ended_at IS NULL RETURNING tenant_id)
     INSERT INTO coordinator_assignment (tenant_id, household_id, professional_id, started_at, reason, assigned_by_id) SELECT tenant_id, $1, $2, now(), 'Overdracht', $3 FROM ended`,
    [householdId, to.id, f.supervisor.id],
  );

describe('a plan change racing a change of who may act on the case (an outside race probe, stop 41)', () => {
  const changeAction = (as: UserFixture, target: { householdId: string; actionId: string; etag: string }, body: Record<string, unknown>) =>
    api().patch(`/api/v1/households/${target.householdId}/plan/actions/${target.actionId}`).set(bearer(as)).set('If-Match', target.etag).send(body).then((r) => r);

  it("a coordinator's action change that waited for a hand-over is refused (409 ACCESS_CHANGED), not written in their name after it", async () => {
    const target = await caseWithAction({ type: 'professional', id: f.coordinator.id });
    const before = await revisionCount(target.householdId);
    const changed = await whileHeld(() => handOver(target.householdId, f.secondCoordinator), () => changeAction(f.coordinator, target, { description: 'Andere stap' }));
    const body = expectProblem(changed, 409, 'ACCESS_CHANGED');
    expect(body.detail).toMatch(/Lees de zaak opnieuw/);
    expect(await revisionCount(target.householdId)).toBe(before);
    // and asked again, the former coordinator no longer sees the case
    expectProblem(await changeAction(f.coordinator, target, { description: 'Andere stap' }), 404);
  });

  it('a close and a reopen committed together while the change waited are not mistaken for an open case (the ABA the closed flag cannot see)', async () => {
    const target = await caseWithAction({ type: 'professional', id: f.coordinator.id });
    const before = await revisionCount(target.householdId);
    const changed = await whileHeld(
      async () => {
        await holder.query("UPDATE household SET status = 'closed', closed_at = now() WHERE id = $1", [target.householdId]);
        await holder.query("UPDATE household SET status = 'registered', closed_at = NULL WHERE id = $1", [target.householdId]);
      },
      () => changeAction(f.coordinator, target, { description: 'Andere stap' }),
    );
    expectProblem(changed, 409, 'ACCESS_CHANGED');
    expect(await revisionCount(target.householdId)).toBe(before);
  });

  it("a partner's status report that waited for the end of their care-team link is refused", async () => {
    let linkId = '';
    const target = await caseWithAction({ type: 'professional', id: f.partner.id }, async (householdId) => {
      const link = await api()
        .post(`/api/v1/households/${householdId}/care-team`)
        .set(bearer(f.coordinator))
        .send({ organisationId: f.partnerOrganisationId, professionalId: f.partner.id, role: 'jeugdhulp', basis: 'public_task' });
      expect(link.status).toBe(201);
      linkId = link.body.id as string;
    });
    const before = await revisionCount(target.householdId);
    const changed = await whileHeld(
      () => holder.query(`UPDATE care_team_link SET ended_at = now(), end_reason = 'Traject afgerond' WHERE id = $1`, [linkId]),
      () => changeAction(f.partner, target, { status: 'in_progress' }),
    );
    expectProblem(changed, 409, 'ACCESS_CHANGED');
    expect(await revisionCount(target.householdId)).toBe(before);
  });

  it('a change of the status between the steps of care, which ends nobody\'s right, neither holds the change up nor refuses it', async () => {
    const target = await caseWithAction({ type: 'professional', id: f.coordinator.id });
    await holder.query('BEGIN');
    try {
      await holder.query("UPDATE household SET status = 'aftercare' WHERE id = $1", [target.householdId]);
      // answered while the status change is still uncommitted: it takes no lock the action change needs
      const changed = await changeAction(f.coordinator, target, { description: 'Andere stap' });
      expect(changed.status).toBe(200);
    } finally {
      await holder.query('COMMIT');
    }
  });

  it("another plan change by the coordinator that waited for a hand-over is refused once it holds the plan's lock", async () => {
    const { householdId, etag } = await c.caseWithPlan(f);
    const changed = await whileHeld(
      () => handOver(householdId, f.secondCoordinator),
      () => api().patch(`/api/v1/households/${householdId}/plan`).set(bearer(f.coordinator)).set('If-Match', etag).send({ familyWishes: 'Weer rust' }).then((r) => r),
    );
    expectProblem(changed, 403);
    expect(await revisionCount(householdId)).toBe(1);
  });

  it('a change that locked the plan first is written before the hand-over, which then waits for it without deadlocking', async () => {
    const target = await caseWithAction({ type: 'professional', id: f.coordinator.id });
    // the change holds the plan's row lock (uncommitted, on the holder's connection) while the hand-over is sent
    await holder.query('BEGIN');
    await holder.query('UPDATE plan SET version = version WHERE household_id = $1', [target.householdId]);
    const handedOver = api().put(`/api/v1/households/${target.householdId}/coordinator`).set(bearer(f.supervisor)).send({ professionalId: f.secondCoordinator.id, reason: 'Overdracht' }).then((r) => r);
    let waited = false;
    for (let tries = 0; tries < 100 && !waited; tries++) {
      await holder.query('SELECT pg_stat_clear_snapshot()');
      const { rows } = await holder.query<{ n: number }>("SELECT count(*)::int AS n FROM pg_stat_activity WHERE datname = current_database() AND wait_event_type = 'Lock'");
      waited = rows[0]!.n >= 1;
      if (!waited) await new Promise((resolve) => setTimeout(resolve, 20));
    }
    expect(waited).toBe(true);
    // the plan change updates its row again, which checks the plan's key to the household (a key-share lock): the
    // waiting hand-over holds the household, and must not hold that up (with FOR UPDATE the two deadlocked, stop 41)
    await holder.query("UPDATE plan SET family_wishes = 'Weer rust' WHERE household_id = $1", [target.householdId]);
    await holder.query('COMMIT');
    expect((await handedOver).status).toBe(200);
  });
});

describe("a member's removal racing an action given to them (the rule of migration 1764602000000)", () => {
  const memberOf = async (householdId: string) => (await api().get(`/api/v1/households/${householdId}`).set(bearer(f.coordinator))).body.members[0].id as string;
  const removeMember = (householdId: string, memberId: string) => api().delete(`/api/v1/households/${householdId}/members/${memberId}`).set(bearer(f.coordinator)).then((r) => r);

  it('a removal that waited for an action being given to the member is refused once that commits', async () => {
    const target = await caseWithAction({ type: 'professional', id: f.coordinator.id });
    const memberId = await memberOf(target.householdId);
    const removed = await whileHeld(
      () =>
        holder.query("UPDATE plan_action SET owner_type = 'member', owner_member_id = $2, owner_professional_id = NULL WHERE id = $1", [target.actionId, memberId]),
      () => removeMember(target.householdId, memberId),
    );
    expectProblem(removed, 409, 'MEMBER_OWNS_OPEN_ACTIONS');
  });

  it('an action given to a member whose removal commits meanwhile is refused, not left with an owner the household no longer has', async () => {
    const target = await caseWithAction({ type: 'professional', id: f.coordinator.id });
    const memberId = await memberOf(target.householdId);
    const given = await whileHeld(
      () => holder.query('UPDATE member SET removed_at = now() WHERE id = $1', [memberId]),
      () =>
        api()
          .patch(`/api/v1/households/${target.householdId}/plan/actions/${target.actionId}`)
          .set(bearer(f.coordinator))
          .set('If-Match', target.etag)
          .send({ owner: { type: 'member', id: memberId } })
          .then((r) => r),
    );
    expectProblem(given, 422, 'UNKNOWN_ACTION_OWNER');
    const owner = await systemDb(t.app).query<Array<{ owner_type: string }>>('SELECT owner_type FROM plan_action WHERE id = $1', [target.actionId]);
    expect(owner[0]!.owner_type).toBe('professional');
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
    // and the proposed coordinator is told, not left with a proposal that answers 409
    const told = await systemDb(t.app).query<Array<{ payload: Record<string, unknown> }>>("SELECT payload FROM outbox_event WHERE type = 'coordinator.handover_withdrawn' AND aggregate_id = $1", [stuck.body.id]);
    expect(told.map((e) => e.payload)).toEqual([{ handoverId: stuck.body.id, coordinatorId: f.secondCoordinator.id, previousCoordinatorId: proposer.id }]);
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

    // or to someone else: the proposed person is told the proposal is gone (an outside run found out only by a 409)
    const third = await c.registerHousehold(f.coordinator);
    await c.assignCoordinator(f.coordinator, third, f.coordinator);
    const passedOver = await proposeTo(third, f.secondCoordinator.id);
    const someoneElse = await createProfessional(t.app, { tenantId: f.tenantId, organisationId: f.ownOrganisationId, roles: ['coordinator'] });
    await c.assignCoordinator(f.supervisor, third, someoneElse);
    const withdrawals = async (handoverId: string) =>
      (await systemDb(t.app).query<Array<{ payload: Record<string, unknown> }>>("SELECT payload FROM outbox_event WHERE type = 'coordinator.handover_withdrawn' AND aggregate_id = $1", [handoverId])).map((e) => e.payload);
    expect(await withdrawals(passedOver)).toEqual([{ handoverId: passedOver, coordinatorId: f.secondCoordinator.id, previousCoordinatorId: f.coordinator.id }]);
    expect(await withdrawals(overtaken)).toEqual([{ handoverId: overtaken, coordinatorId: f.secondCoordinator.id, previousCoordinatorId: f.coordinator.id }]);
    expectProblem(await api().post(`/api/v1/coordination/handovers/${passedOver}/accept`).set(bearer(f.secondCoordinator)), 409, 'HANDOVER_DECIDED');
  });
});

describe('an erasure (AVG art. 17) racing what must stop it', () => {
  let po1: UserFixture;
  let po2: UserFixture;
  beforeAll(async () => {
    po1 = await createProfessional(t.app, { tenantId: f.tenantId, organisationId: f.ownOrganisationId, roles: ['privacy_officer'] });
    po2 = await createProfessional(t.app, { tenantId: f.tenantId, organisationId: f.ownOrganisationId, roles: ['privacy_officer'] });
  });

  /** A closed case with a contact moment, and an approved erasure of it: ready to execute. */
  async function approvedErasure(): Promise<{ householdId: string; requestId: string }> {
    const householdId = await c.registerHousehold(f.coordinator);
    await c.assignCoordinator(f.coordinator, householdId, f.coordinator);
    expect((await api().post(`/api/v1/households/${householdId}/contacts`).set(bearer(f.coordinator)).send({ kind: 'home_visit', occurredAt: new Date(Date.now() - 60_000).toISOString(), note: 'Huisbezoek' })).status).toBe(201);
    expect((await api().post(`/api/v1/households/${householdId}/close`).set(bearer(f.coordinator)).send({ reason: 'Doelen bereikt' })).status).toBe(200);
    const recorded = await api().post('/api/v1/privacy/requests').set(bearer(po1)).send({ kind: 'erasure', householdId, reason: 'Verzoek van de burger', reference: 'Brief' });
    expect(recorded.status).toBe(201);
    expect((await api().post(`/api/v1/privacy/requests/${recorded.body.id}/approve`).set(bearer(po2)).send({ reason: 'Gesloten dossier' })).status).toBe(200);
    return { householdId, requestId: recorded.body.id as string };
  }
  const contacts = async (householdId: string) => (await systemDb(t.app).query<Array<{ n: number }>>('SELECT count(*)::int AS n FROM contact WHERE household_id = $1', [householdId]))[0]!.n;
  const kept = async (requestId: string) => {
    const report = await api().get(`/api/v1/privacy/requests/${requestId}/report`).set(bearer(po1));
    return (report.body.categories as Array<{ category: string; disposition: string; keptBecause?: string | null }>).find((c) => c.category === 'contacts');
  };

  it('waits for a legal hold placed at the same moment and keeps the case (keptBecause legal_hold)', async () => {
    const { householdId, requestId } = await approvedErasure();
    const executed = await whileHeld(
      async () => {
        // what placing a hold does: the household's share lock, then the hold
        await holder.query('SELECT 1 FROM household WHERE id = $1 FOR SHARE', [householdId]);
        await holder.query("INSERT INTO legal_hold (tenant_id, household_id, reason, placed_by_id, placed_at) VALUES ($1, $2, 'Bezwaarprocedure', $3, now())", [f.tenantId, householdId, po2.id]);
      },
      () => api().post(`/api/v1/privacy/requests/${requestId}/execute`).set(bearer(po1)).send({}).then((r) => r),
    );
    expect(executed.status).toBe(200);
    expect(await contacts(householdId)).toBe(1);
    expect(await kept(requestId)).toMatchObject({ disposition: 'keep', keptBecause: 'legal_hold' });
  });

  it('waits for a reopening at the same moment and keeps the open case file', async () => {
    const { householdId, requestId } = await approvedErasure();
    const executed = await whileHeld(
      () => holder.query("UPDATE household SET status = 'registered', closed_at = NULL WHERE id = $1", [householdId]),
      () => api().post(`/api/v1/privacy/requests/${requestId}/execute`).set(bearer(po1)).send({}).then((r) => r),
    );
    expect(executed.status).toBe(200);
    expect(await contacts(householdId)).toBe(1);
    expect((await kept(requestId))?.disposition).toBe('keep');
  });
});

describe('a webhook deleted twice at once', () => {
  it('is deleted once: the second delete answers 404 as it would a moment later', async () => {
    const created = await api()
      .post(`/api/v1/organisations/${f.ownOrganisationId}/webhooks`)
      .set(bearer(f.admin))
      .send({ url: 'https://hooks.example.nl/eenplan', eventTypes: ['plan.updated'] });
    expect(created.status).toBe(201);
    const deleted = await whileHeld(
      () => holder.query('DELETE FROM webhook_subscription WHERE id = $1', [created.body.id]),
      () => api().delete(`/api/v1/organisations/${f.ownOrganisationId}/webhooks/${created.body.id}`).set(bearer(f.admin)).then((r) => r),
    );
    expectProblem(deleted, 404, 'WEBHOOK_NOT_FOUND');
  });
});

describe('additions to a case racing its close', () => {
  const closing = (householdId: string) => () => holder.query("UPDATE household SET status = 'closed', closed_at = now() WHERE id = $1", [householdId]);
  const today = () => new Date().toISOString().slice(0, 10);

  it.each([
    ['a contact moment', (householdId: string) => api().post(`/api/v1/households/${householdId}/contacts`).set(bearer(f.coordinator)).send({ kind: 'home_visit', occurredAt: new Date(Date.now() - 60_000).toISOString(), note: 'Huisbezoek' })],
    ['an assessment', (householdId: string) => api().post(`/api/v1/households/${householdId}/assessments`).set(bearer(f.coordinator)).send({ assessedOn: today(), scores: [{ domainCode: 'finances', score: 2 }] })],
    ['a snooze of a stall rule', (householdId: string) => api().post(`/api/v1/supervision/stalled/${householdId}/snoozes`).set(bearer(f.supervisor)).send({ rule: 'NO_CONTACT', until: today(), reason: 'Op vakantie' })],
  ])('%s waits for the close and is refused (409 HOUSEHOLD_CLOSED): nothing lands in a closed case', async (_label, add) => {
    const householdId = await c.registerHousehold(f.coordinator);
    await c.assignCoordinator(f.coordinator, householdId, f.coordinator);
    const added = await whileHeld(closing(householdId), () => add(householdId).then((r) => r));
    expectProblem(added, 409, 'HOUSEHOLD_CLOSED');
    const [left] = await systemDb(t.app).query<Array<{ n: number }>>(
      'SELECT (SELECT count(*) FROM contact WHERE household_id = $1) + (SELECT count(*) FROM assessment WHERE household_id = $1) + (SELECT count(*) FROM stall_snooze WHERE household_id = $1) AS n',
      [householdId],
    );
    expect(Number(left!.n)).toBe(0);
  });
});

describe("a coordinator's change racing their hand-over", () => {
  /** The hand-over as it commits: the household locked, the coordinator's assignment ended, the next one's started. */
  const handingOver = (householdId: string, to: UserFixture) => async () => {
    await holder.query('SELECT 1 FROM household WHERE id = $1 FOR UPDATE', [householdId]);
    await holder.query("UPDATE coordinator_assignment SET ended_at = now(), end_reason = 'Andere wijk', end_kind = 'handed_over' WHERE household_id = $1 AND ended_at IS NULL", [householdId]);
    await holder.query("INSERT INTO coordinator_assignment (tenant_id, household_id, professional_id, started_at, reason, assigned_by_id) VALUES ($1, $2, $3, now(), 'Overdracht', $3)", [f.tenantId, householdId, to.id]);
  };

  it.each([
    ['closing the case', (householdId: string) => api().post(`/api/v1/households/${householdId}/close`).set(bearer(f.coordinator)).send({ reason: 'Doelen bereikt' })],
    ['changing its status', (householdId: string) => api().post(`/api/v1/households/${householdId}/status`).set(bearer(f.coordinator)).send({ status: 'intake' })],
    ['recording a contact moment', (householdId: string) => api().post(`/api/v1/households/${householdId}/contacts`).set(bearer(f.coordinator)).send({ kind: 'home_visit', occurredAt: new Date(Date.now() - 60_000).toISOString(), note: 'Huisbezoek' })],
  ])('%s waits for the hand-over and is refused (403): the right was decided again under the lock', async (_label, change) => {
    const householdId = await c.registerHousehold(f.coordinator);
    await c.assignCoordinator(f.coordinator, householdId, f.coordinator);
    const before = (await api().get(`/api/v1/households/${householdId}`).set(bearer(f.supervisor))).body as { status: string; version: number };
    const res = await whileHeld(handingOver(householdId, f.secondCoordinator), () => change(householdId).then((r) => r));
    expectProblem(res, 403, 'NOT_ALLOWED_FOR_HOUSEHOLD');
    const after = (await api().get(`/api/v1/households/${householdId}`).set(bearer(f.supervisor))).body as { status: string; version: number };
    expect([after.status, after.version]).toEqual([before.status, before.version]);
    const [contacts] = await systemDb(t.app).query<Array<{ n: number }>>('SELECT count(*)::int AS n FROM contact WHERE household_id = $1', [householdId]);
    expect(contacts!.n).toBe(0);
  });

  it('a member of the care team is still let through when they stop coordinating (their right stands on the link)', async () => {
    const householdId = await c.registerHousehold(f.coordinator);
    await c.assignCoordinator(f.coordinator, householdId, f.coordinator);
    await systemDb(t.app).query(
      "INSERT INTO care_team_link (tenant_id, household_id, organisation_id, professional_id, role, basis, starts_on, created_by_id) VALUES ($1, $2, $3, $4, 'Gezinscoach', 'public_task', current_date, $4)",
      [f.tenantId, householdId, f.ownOrganisationId, f.coordinator.id],
    );
    const res = await whileHeld(handingOver(householdId, f.secondCoordinator), () =>
      api().post(`/api/v1/households/${householdId}/contacts`).set(bearer(f.coordinator)).send({ kind: 'call', occurredAt: new Date(Date.now() - 60_000).toISOString(), note: 'Gebeld' }).then((r) => r),
    );
    expect(res.status).toBe(201);
  });
});

describe('background and admin work that races', () => {
  it('a webhook an admin disables while its last delivery fails is not announced as disabled by the failure', async () => {
    const hook = await api().post(`/api/v1/organisations/${f.ownOrganisationId}/webhooks`).set(bearer(f.admin)).send({ url: 'https://hooks.example.nl/races', eventTypes: ['*'] });
    expect(hook.status).toBe(201);
    const [event] = await systemDb(t.app).query<Array<{ id: string }>>('SELECT id::text FROM outbox_event WHERE tenant_id = $1 ORDER BY id LIMIT 1', [f.tenantId]);
    const [delivery] = await systemDb(t.app).query<Array<{ id: string }>>('INSERT INTO webhook_delivery (tenant_id, subscription_id, event_id) VALUES ($1, $2, $3) RETURNING id::text', [f.tenantId, hook.body.id, event!.id]);
    const job = { id: `delivery-${delivery!.id}`, name: 'deliver', data: { deliveryId: delivery!.id }, attemptsMade: 3, opts: { attempts: 3 } };
    await whileHeld(
      () => holder.query("UPDATE webhook_subscription SET enabled = false, disabled_at = now(), disabled_reason = 'Uitgezet door beheer' WHERE id = $1", [hook.body.id]),
      () => t.app.get(WebhookDispatcher).onFailed(job as never, new Error('endpoint answered 500')),
    );
    const announced = await systemDb(t.app).query<unknown[]>("SELECT 1 FROM outbox_event WHERE type = 'webhook.disabled' AND aggregate_id = $1", [hook.body.id]);
    expect(announced).toHaveLength(0);
    const [now] = await systemDb(t.app).query<Array<{ disabled_reason: string }>>('SELECT disabled_reason FROM webhook_subscription WHERE id = $1', [hook.body.id]);
    expect(now!.disabled_reason).toBe('Uitgezet door beheer');
  });

  it('a dead letter retried twice at once is queued once: the second retry answers 404', async () => {
    const [letter] = await systemDb(t.app).query<Array<{ id: string }>>(
      `INSERT INTO dead_letter (tenant_id, queue, job_name, job_id, payload, reason, attempts, failed_at) VALUES ($1, 'webhooks', 'deliver', 'x-1', '{}', 'endpoint answered 500', 3, now()) RETURNING id::text`,
      [f.tenantId],
    );
    const retried = await whileHeld(
      () => holder.query('UPDATE dead_letter SET retried_at = now() WHERE id = $1', [letter!.id]),
      () => api().post(`/api/v1/admin/dead-letters/${letter!.id}/retry`).set(bearer(f.admin)).then((r) => r),
    );
    expectProblem(retried, 404, 'DEAD_LETTER_NOT_FOUND');
  });
});
