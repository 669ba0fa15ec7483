import request from 'supertest';
import { bearer, createOrganisation, createProfessional, createTenantFixture, expectProblem, problemFields, startTestApp, type TenantFixture, type TestApp, systemDb } from './harness/index.js';
import { caseApi } from './support/case.js';
import { linkCareTeam } from './support/care-team.js';

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

/** A case whose plan has one open action owned by the household's first member. */
async function caseWithMemberOwnedAction(): Promise<{ householdId: string; memberId: string; action: request.Response }> {
  const { householdId, etag } = await c.caseWithPlan(f);
  const memberId = (await api().get(`/api/v1/households/${householdId}`).set(bearer(f.coordinator))).body.members[0].id as string;
  const goal = await api().post(`/api/v1/households/${householdId}/plan/goals`).set(bearer(f.coordinator)).set('If-Match', etag).send({ domainCode: 'finances', title: 'Post openen' });
  const action = await api()
    .post(`/api/v1/households/${householdId}/plan/goals/${goal.body.id}/actions`)
    .set(bearer(f.coordinator))
    .set('If-Match', goal.headers.etag as string)
    .send({ description: 'Elke week de post openen', owner: { type: 'member', id: memberId } });
  expect(action.status).toBe(201);
  return { householdId, memberId, action };
}

describe('working on the plan', () => {
  it('a coordinator builds the plan: goals per life domain, actions with owners of every kind, network and resources', async () => {
    const { householdId, etag } = await c.caseWithPlan(f);
    const household = await api().get(`/api/v1/households/${householdId}`).set(bearer(f.coordinator));
    expect(household.body.status).toBe('active');
    const memberId = household.body.members[0].id as string;

    const withNetwork = await api()
      .patch(`/api/v1/households/${householdId}/plan`)
      .set(bearer(f.coordinator))
      .set('If-Match', etag)
      .send({
        networkMembers: [{ name: 'Oma Joke', relation: 'grootmoeder', support: 'Haalt de kinderen op' }],
        communityResources: [{ name: 'Buurthuis De Boog', kind: 'budgetcursus' }],
      });
    expect(withNetwork.status).toBe(200);
    const networkMemberId = withNetwork.body.networkMembers[0].id as string;

    const goal = await api()
      .post(`/api/v1/households/${householdId}/plan/goals`)
      .set(bearer(f.coordinator))
      .set('If-Match', withNetwork.headers.etag as string)
      .send({ domainCode: 'finances', title: 'Schulden in beeld', targetDate: '2027-01-31' });
    expect(goal.status).toBe(201);
    expect(goal.headers.location).toBe(`/api/v1/households/${householdId}/plan/goals/${goal.body.id}`);
    let etagNow = goal.headers.etag as string;

    // a partner owns an action once it works on the case
    expect((await linkCareTeam(t, householdId, f.coordinator, { organisationId: f.partnerOrganisationId, professionalId: f.partner.id, role: 'jeugdhulp', basis: 'public_task' })).status).toBe(201);
    const owners = [
      { type: 'professional', id: f.partner.id },
      { type: 'organisation', id: f.partnerOrganisationId },
      { type: 'member', id: memberId },
      { type: 'network_member', id: networkMemberId },
    ];
    for (const owner of owners) {
      const action = await api()
        .post(`/api/v1/households/${householdId}/plan/goals/${goal.body.id}/actions`)
        .set(bearer(f.coordinator))
        .set('If-Match', etagNow)
        .send({ description: `Stap voor ${owner.type}`, owner, dueDate: '2026-12-15' });
      expect(action.status).toBe(201);
      expect(action.body.owner).toEqual(owner);
      etagNow = action.headers.etag as string;
    }
    const plan = await api().get(`/api/v1/households/${householdId}/plan`).set(bearer(f.coordinator));
    expect(plan.body.version).toBe(7);
    expect(plan.body.goals[0].actions).toHaveLength(4);
    expect(plan.body.networkMembers[0]).toMatchObject({ name: 'Oma Joke' });
    const events = await db().query<Array<{ type: string }>>(`SELECT type FROM outbox_event WHERE household_id = $1 AND type LIKE 'action.%'`, [householdId]);
    expect(events).toHaveLength(4);
  });

  it('refuses an unknown life domain, an owner from elsewhere and a goal of another plan with clear errors', async () => {
    const { householdId, etag } = await c.caseWithPlan(f);
    const other = await c.caseWithPlan(f);
    // a code is free text: whatever was typed into it is not repeated in the answer (it could be a name)
    const badDomain = await api().post(`/api/v1/households/${householdId}/plan/goals`).set(bearer(f.coordinator)).set('If-Match', etag).send({ domainCode: 'Jan de Vries', title: 'x' });
    expect(problemFields(expectProblem(badDomain, 422, 'UNKNOWN_LIFE_DOMAIN'))).toEqual(['domainCode']);
    expect(badDomain.text).not.toContain('Jan de Vries');
    const goal = await api().post(`/api/v1/households/${householdId}/plan/goals`).set(bearer(f.coordinator)).set('If-Match', etag).send({ domainCode: 'housing', title: 'Woning behouden' });
    const strangerMember = (await api().get(`/api/v1/households/${other.householdId}`).set(bearer(f.coordinator))).body.members[0].id as string;
    const badOwner = await api()
      .post(`/api/v1/households/${householdId}/plan/goals/${goal.body.id}/actions`)
      .set(bearer(f.coordinator))
      .set('If-Match', goal.headers.etag as string)
      .send({ description: 'x', owner: { type: 'member', id: strangerMember } });
    expect(problemFields(expectProblem(badOwner, 422, 'UNKNOWN_ACTION_OWNER'))).toEqual(['owner.id']);
    // an owner must work on the case, or the action is one they can neither see nor report on (an outside run gave
    // one to a police officer not on the care team): coordinator, supervisor or care team
    const police = await createOrganisation(t.app, { tenantId: f.tenantId, name: 'Politie Wijkagent Oost', kind: 'police' });
    const officer = await createProfessional(t.app, { tenantId: f.tenantId, organisationId: police.id, roles: ['professional'] });
    const ownedBy = (owner: Record<string, string>) =>
      api().post(`/api/v1/households/${householdId}/plan/goals/${goal.body.id}/actions`).set(bearer(f.coordinator)).set('If-Match', goal.headers.etag as string).send({ description: 'Huisbezoek samen', owner });
    for (const outsider of [{ type: 'professional', id: officer.id }, { type: 'organisation', id: police.id }]) {
      const refused = expectProblem(await ownedBy(outsider), 422, 'OWNER_NOT_INVOLVED');
      expect(problemFields(refused)).toEqual(['owner.id']);
    }
    expect((await linkCareTeam(t, householdId, f.coordinator, { organisationId: police.id, role: 'wijkagent', basis: 'public_task' })).status).toBe(201);
    const afterLink = await ownedBy({ type: 'professional', id: officer.id });
    expect(afterLink.status).toBe(201);
    const byCoordinator = await api()
      .post(`/api/v1/households/${householdId}/plan/goals/${goal.body.id}/actions`)
      .set(bearer(f.coordinator))
      .set('If-Match', afterLink.headers.etag as string)
      .send({ description: 'Zelf oppakken', owner: { type: 'organisation', id: f.ownOrganisationId } });
    expect(byCoordinator.status).toBe(201);
    const wrongPlan = await api()
      .post(`/api/v1/households/${other.householdId}/plan/goals/${goal.body.id}/actions`)
      .set(bearer(f.coordinator))
      .set('If-Match', other.etag)
      .send({ description: 'x', owner: { type: 'professional', id: f.partner.id } });
    expectProblem(wrongPlan, 404, 'GOAL_NOT_FOUND');
    const badOwnerType = await api()
      .post(`/api/v1/households/${householdId}/plan/goals/${goal.body.id}/actions`)
      .set(bearer(f.coordinator))
      .set('If-Match', goal.headers.etag as string)
      .send({ description: 'x', owner: { type: 'neighbour', id: 'not-a-uuid' }, dueDate: '31-12-2026' });
    expect(problemFields(expectProblem(badOwnerType, 400))).toEqual(expect.arrayContaining(['owner.type', 'owner.id', 'dueDate']));
    // the goal and the two actions that were let through; nothing of the refusals
    expect((await api().get(`/api/v1/households/${householdId}/plan`).set(bearer(f.coordinator))).body.version).toBe(4);
  });

  it("the action's owner may report progress (status only); completing it records completion", async () => {
    const { householdId, etag } = await c.caseWithPlan(f);
    await linkCareTeam(t, householdId, f.coordinator, { organisationId: f.partnerOrganisationId, professionalId: f.partner.id, role: 'jeugdhulp', basis: 'consent' });
    const goal = await api().post(`/api/v1/households/${householdId}/plan/goals`).set(bearer(f.coordinator)).set('If-Match', etag).send({ domainCode: 'parenting', title: 'Vaste routines' });
    const action = await api()
      .post(`/api/v1/households/${householdId}/plan/goals/${goal.body.id}/actions`)
      .set(bearer(f.coordinator))
      .set('If-Match', goal.headers.etag as string)
      .send({ description: 'Opvoedondersteuning', owner: { type: 'professional', id: f.partner.id }, dueDate: '2026-12-01' });
    const path = `/api/v1/households/${householdId}/plan/actions/${action.body.id}`;
    expectProblem(await api().patch(path).set(bearer(f.partner)).set('If-Match', action.headers.etag as string).send({ description: 'anders' }), 403, 'ONLY_STATUS_FOR_OWNER');
    const done = await api().patch(path).set(bearer(f.partner)).set('If-Match', action.headers.etag as string).send({ status: 'done' });
    expect(done.status).toBe(200);
    expect(done.body.completedAt).toEqual(expect.any(String));
    const reopened = await api().patch(path).set(bearer(f.coordinator)).set('If-Match', done.headers.etag as string).send({ status: 'open' });
    expect(reopened.body).toMatchObject({ status: 'open', completedAt: null });
    const events = await db().query<Array<{ type: string }>>(`SELECT type FROM outbox_event WHERE household_id = $1 AND type = 'action.completed'`, [householdId]);
    expect(events).toHaveLength(1);
  });

  it('an unchanged edit writes no revision; a network member who owns actions cannot be dropped', async () => {
    const { householdId, etag } = await c.caseWithPlan(f);
    const same = await api().patch(`/api/v1/households/${householdId}/plan`).set(bearer(f.coordinator)).set('If-Match', etag).send({ familyWishes: 'Rust in huis' });
    expect(same.status).toBe(200);
    expect(same.headers.etag).toBe(etag);
    const net = await api().patch(`/api/v1/households/${householdId}/plan`).set(bearer(f.coordinator)).set('If-Match', etag).send({ networkMembers: [{ name: 'Buurman Kees', relation: 'buurman' }] });
    const goal = await api().post(`/api/v1/households/${householdId}/plan/goals`).set(bearer(f.coordinator)).set('If-Match', net.headers.etag as string).send({ domainCode: 'social_network', title: 'Netwerk versterken' });
    const action = await api()
      .post(`/api/v1/households/${householdId}/plan/goals/${goal.body.id}/actions`)
      .set(bearer(f.coordinator))
      .set('If-Match', goal.headers.etag as string)
      .send({ description: 'Koffie drinken', owner: { type: 'network_member', id: net.body.networkMembers[0].id } });
    const drop = await api().patch(`/api/v1/households/${householdId}/plan`).set(bearer(f.coordinator)).set('If-Match', action.headers.etag as string).send({ networkMembers: [] });
    expectProblem(drop, 409, 'NETWORK_MEMBER_OWNS_ACTIONS');
    const plan = await api().get(`/api/v1/households/${householdId}/plan`).set(bearer(f.coordinator));
    expect(plan.body.version).toBe(4);
    expect(plan.body.networkMembers).toHaveLength(1);
  });

  it('a member who owns an open action stays until the action has another owner or is finished; a removed member owns no open action', async () => {
    const { householdId, memberId, action } = await caseWithMemberOwnedAction();
    const path = `/api/v1/households/${householdId}/plan/actions/${action.body.id}`;
    const removeMember = () => api().delete(`/api/v1/households/${householdId}/members/${memberId}`).set(bearer(f.coordinator)).set('Accept-Language', 'en');

    const refused = expectProblem(await removeMember(), 409, 'MEMBER_OWNS_OPEN_ACTIONS');
    expect(refused.detail).toMatch(/Give that action another owner, or finish or cancel it, first/);
    expect((await api().get(`/api/v1/households/${householdId}`).set(bearer(f.coordinator))).body.members.map((m: { id: string }) => m.id)).toContain(memberId);

    // finished, the action keeps its owner as history, and the member can go
    const done = await api().patch(path).set(bearer(f.coordinator)).set('If-Match', action.headers.etag as string).send({ status: 'done' });
    expect(done.status).toBe(200);
    expect((await removeMember()).status).toBe(204);

    // reopened, it would name someone the household no longer has
    const reopened = await api().patch(path).set(bearer(f.coordinator)).set('If-Match', done.headers.etag as string).set('Accept-Language', 'en').send({ status: 'open' });
    expect(expectProblem(reopened, 422, 'UNKNOWN_ACTION_OWNER').detail).toMatch(/removed from the household/);
    const plan = await api().get(`/api/v1/households/${householdId}/plan`).set(bearer(f.coordinator));
    expect(plan.body.goals[0].actions[0]).toMatchObject({ status: 'done', owner: { type: 'member', id: memberId } });
    // reopened with another owner, it is open again
    const handed = await api().patch(path).set(bearer(f.coordinator)).set('If-Match', done.headers.etag as string).send({ status: 'open', owner: { type: 'professional', id: f.coordinator.id } });
    expect(handed.status).toBe(200);
  });

  it('in a closed case, whose plan no longer changes, a member who owns an open action can be removed', async () => {
    const { householdId, memberId } = await caseWithMemberOwnedAction();
    expect((await api().post(`/api/v1/households/${householdId}/close`).set(bearer(f.coordinator)).send({ reason: 'Doelen bereikt' })).status).toBe(200);
    expect((await api().delete(`/api/v1/households/${householdId}/members/${memberId}`).set(bearer(f.supervisor))).status).toBe(204);
  });

  it('revisions list who changed what, newest first, and each holds the whole plan as it was', async () => {
    const { householdId, etag } = await c.caseWithPlan(f);
    const edited = await api().patch(`/api/v1/households/${householdId}/plan`).set(bearer(f.supervisor)).set('If-Match', etag).send({ familyWishes: 'Een eigen huis', reviewDate: null });
    expect(edited.status).toBe(200);
    const list = await api().get(`/api/v1/households/${householdId}/plan/revisions?limit=1`).set(bearer(f.coordinator));
    expect(list.body.items[0]).toMatchObject({ number: 2, changedById: f.supervisor.id, changes: [{ op: 'update', target: 'plan', fields: ['familyWishes', 'reviewDate'] }] });
    const older = await api().get(`/api/v1/households/${householdId}/plan/revisions?limit=1&cursor=${list.body.nextCursor}`).set(bearer(f.coordinator));
    expect(older.body).toMatchObject({ items: [{ number: 1 }], nextCursor: null });
    const first = await api().get(`/api/v1/households/${householdId}/plan/revisions/1`).set(bearer(f.coordinator));
    expect(first.body.snapshot).toMatchObject({ version: 1, familyWishes: 'Rust in huis', reviewDate: '2027-03-01' });
    expectProblem(await api().get(`/api/v1/households/${householdId}/plan/revisions/9`).set(bearer(f.coordinator)), 404, 'REVISION_NOT_FOUND');
    expectProblem(await api().get(`/api/v1/households/${householdId}/plan/revisions/abc`).set(bearer(f.coordinator)), 400);
    await expect(db().query('UPDATE plan_revision SET number = number WHERE plan_id = $1', [first.body.snapshot.id])).rejects.toThrow(/append-only/);
    await expect(db().query('DELETE FROM plan_revision WHERE plan_id = $1', [first.body.snapshot.id])).rejects.toThrow(/append-only/);
  });

  it('a closed case keeps its plan readable but refuses changes; reading a missing plan says how to create it', async () => {
    const householdId = await c.registerHousehold(f.coordinator);
    await c.assignCoordinator(f.coordinator, householdId, f.coordinator);
    expectProblem(await api().get(`/api/v1/households/${householdId}/plan`).set(bearer(f.coordinator)), 404, 'PLAN_NOT_FOUND');
    const created = await api().post(`/api/v1/households/${householdId}/plan`).set(bearer(f.coordinator)).send({});
    await api().post(`/api/v1/households/${householdId}/close`).set(bearer(f.coordinator)).send({ reason: 'Verhuisd' });
    expect((await api().get(`/api/v1/households/${householdId}/plan`).set(bearer(f.supervisor))).status).toBe(200);
    expectProblem(
      await api().patch(`/api/v1/households/${householdId}/plan`).set(bearer(f.supervisor)).set('If-Match', created.headers.etag as string).send({ familyWishes: 'x' }),
      409,
      'HOUSEHOLD_CLOSED',
    );
  });
});
