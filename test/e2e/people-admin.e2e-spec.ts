import request from 'supertest';
import { bearer, createProfessional, createTenantFixture, expectProblem, problemFields, startTestApp, systemDb, type TenantFixture, type TestApp } from './harness/index.js';
import { FanOutService } from '../../src/delivery/fanout/fanout.service.js';
import { TransactionHost } from '../../src/database/transaction-host.js';
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
const me = (token: string) => api().get('/api/v1/me/notifications').set(bearer(token));
const coordinatorOf = async (householdId: string) =>
  ((await api().get(`/api/v1/households/${householdId}/coordinator/history`).set(bearer(f.supervisor))).body as { items: Array<{ professionalId: string; endedAt: string | null; reason: string }> }).items.find(
    (a) => a.endedAt === null,
  );

describe('deactivating and reactivating a professional', () => {
  it('a deactivated professional’s token stops working at the next request; reactivating lets them in again', async () => {
    const leaver = await createProfessional(t.app, { tenantId: f.tenantId, organisationId: f.partnerOrganisationId, roles: ['professional'] });
    expect((await me(leaver.token)).status).toBe(200);
    const res = await api().post(`/api/v1/professionals/${leaver.id}/deactivate`).set(bearer(f.admin)).send({ reason: 'Uit dienst' });
    expect(res.status).toBe(200);
    expect(res.body.professional).toMatchObject({ id: leaver.id, active: false });
    expectProblem(await me(leaver.token), 401);

    const back = await api().post(`/api/v1/professionals/${leaver.id}/reactivate`).set(bearer(f.admin));
    expect(back.status).toBe(200);
    expect(back.body.professional.active).toBe(true);
    expect((await me(leaver.token)).status).toBe(200);
  });

  it('is refused while they coordinate households, and done with the hand-overs in the same request', async () => {
    const leaving = await createProfessional(t.app, { tenantId: f.tenantId, organisationId: f.ownOrganisationId, roles: ['coordinator'] });
    const first = await c.registerHousehold(f.supervisor);
    const second = await c.registerHousehold(f.supervisor);
    await c.assignCoordinator(f.supervisor, first, leaving);
    await c.assignCoordinator(f.supervisor, second, leaving);

    const refused = expectProblem(await api().post(`/api/v1/professionals/${leaving.id}/deactivate`).set(bearer(f.admin)).send({ reason: 'Uit dienst' }), 409, 'STILL_COORDINATING');
    expect((refused as unknown as { householdIds: string[] }).householdIds.sort()).toEqual([first, second].sort());
    // only one of the two handed over: still refused, nothing changed
    expectProblem(
      await api().post(`/api/v1/professionals/${leaving.id}/deactivate`).set(bearer(f.admin)).send({ reason: 'Uit dienst', handovers: [{ householdId: first, professionalId: f.secondCoordinator.id }] }),
      409,
      'STILL_COORDINATING',
    );
    expect((await coordinatorOf(first))?.professionalId).toBe(leaving.id);
    expect((await me(leaving.token)).status).toBe(200);
    // to someone who is not a coordinator: 422, nothing changed
    const notCoordinator = await api()
      .post(`/api/v1/professionals/${leaving.id}/deactivate`)
      .set(bearer(f.admin))
      .send({ reason: 'Uit dienst', handovers: [{ householdId: first, professionalId: f.partner.id }, { householdId: second, professionalId: f.secondCoordinator.id }] });
    expectProblem(notCoordinator, 422, 'NOT_A_COORDINATOR');
    expect((await coordinatorOf(first))?.professionalId).toBe(leaving.id);

    const done = await api()
      .post(`/api/v1/professionals/${leaving.id}/deactivate`)
      .set(bearer(f.admin))
      .send({ reason: 'Uit dienst', handovers: [{ householdId: first, professionalId: f.secondCoordinator.id }, { householdId: second, professionalId: f.coordinator.id }] });
    expect(done.status).toBe(200);
    expect(done.body.handedOver).toHaveLength(2);
    expect(await coordinatorOf(first)).toMatchObject({ professionalId: f.secondCoordinator.id, reason: 'Uit dienst' });
    expect((await coordinatorOf(second))?.professionalId).toBe(f.coordinator.id);
    expectProblem(await me(leaving.token), 401);

    // audited: the household's audit trail names the professional change
    const audit = await api().get(`/api/v1/households/${first}/audit?limit=100`).set(bearer(f.supervisor));
    expect(audit.status).toBe(200);
    expect((audit.body.items as Array<{ resourceType: string; resourceId: string; action: string }>).some((e) => e.resourceType === 'professional' && e.resourceId === leaving.id && e.action === 'update')).toBe(true);
  });

  it('only an admin may, an admin cannot lock themselves out, and a hand-over for a household they do not coordinate is refused', async () => {
    const someone = await createProfessional(t.app, { tenantId: f.tenantId, organisationId: f.partnerOrganisationId, roles: ['professional'] });
    expectProblem(await api().post(`/api/v1/professionals/${someone.id}/deactivate`).set(bearer(f.supervisor)).send({ reason: 'x' }), 403);
    expectProblem(await api().post(`/api/v1/professionals/${f.admin.id}/deactivate`).set(bearer(f.admin)).send({ reason: 'x' }), 409, 'SELF_LOCKOUT');
    expectProblem(await api().patch(`/api/v1/professionals/${f.admin.id}`).set(bearer(f.admin)).send({ roles: ['supervisor'] }), 409, 'SELF_LOCKOUT');
    // nor give themselves a role: four eyes (an outside probe made itself coordinator of a case and read a BSN)
    for (const role of ['coordinator', 'supervisor', 'privacy_officer']) {
      const granted = expectProblem(await api().patch(`/api/v1/professionals/${f.admin.id}`).set(bearer(f.admin)).send({ roles: ['admin', role] }), 403, 'SELF_GRANT');
      expect(granted.detail).toContain(role);
    }
    expect((await api().get(`/api/v1/professionals/${f.admin.id}`).set(bearer(f.admin))).body.roles).toEqual(['admin']);
    const household = await c.registerHousehold(f.supervisor);
    expectProblem(
      await api().post(`/api/v1/professionals/${someone.id}/deactivate`).set(bearer(f.admin)).send({ reason: 'x', handovers: [{ householdId: household, professionalId: f.coordinator.id }] }),
      422,
      'HANDOVER_NOT_NEEDED',
    );
    expect(problemFields(expectProblem(await api().post(`/api/v1/professionals/${someone.id}/deactivate`).set(bearer(f.admin)).send({}), 400))).toEqual(['reason']);
    expectProblem(await api().post(`/api/v1/professionals/00000000-0000-4000-8000-000000000000/deactivate`).set(bearer(f.admin)).send({ reason: 'x' }), 404, 'PROFESSIONAL_NOT_FOUND');
  });
});

describe('an action owner who leaves', () => {
  const addAction = async (householdId: string, goalId: string, etag: string, ownerId: string) => {
    const res = await api()
      .post(`/api/v1/households/${householdId}/plan/goals/${goalId}/actions`)
      .set(bearer(f.coordinator))
      .set('If-Match', etag)
      .send({ description: 'Stap', owner: { type: 'professional', id: ownerId } });
    expect(res.status).toBe(201);
    return { actionId: res.body.id as string, etag: res.headers.etag as string };
  };
  /** An action's owner works on the case: here through an organisation-level link of their organisation. */
  const onTeam = async (householdId: string) => {
    expect((await linkCareTeam(t, householdId, f.coordinator, { organisationId: f.ownOrganisationId, role: 'wijkteam', basis: 'public_task' })).status).toBe(201);
  };
  const ownerLeft = (professionalId: string) =>
    systemDb(t.app).query<Array<{ id: string; household_id: string; actor_id: string; payload: Record<string, unknown> }>>(
      "SELECT id::text, household_id, actor_id, payload FROM outbox_event WHERE type = 'action.owner_left' AND payload->>'professionalId' = $1 ORDER BY id",
      [professionalId],
    );

  it("tells the coordinator of each open case which unfinished actions lost their owner, when the owner is deactivated or moves organisation", async () => {
    const leaver = await createProfessional(t.app, { tenantId: f.tenantId, organisationId: f.ownOrganisationId, roles: ['professional'] });
    const mover = await createProfessional(t.app, { tenantId: f.tenantId, organisationId: f.ownOrganisationId, roles: ['professional'] });
    const { householdId, etag } = await c.caseWithPlan(f);
    await onTeam(householdId);
    const goal = await api().post(`/api/v1/households/${householdId}/plan/goals`).set(bearer(f.coordinator)).set('If-Match', etag).send({ domainCode: 'finances', title: 'Schulden' });
    expect(goal.status).toBe(201);
    const open = await addAction(householdId, goal.body.id, goal.headers.etag as string, leaver.id);
    const finished = await addAction(householdId, goal.body.id, open.etag, leaver.id);
    const done = await api().patch(`/api/v1/households/${householdId}/plan/actions/${finished.actionId}`).set(bearer(f.coordinator)).set('If-Match', finished.etag).send({ status: 'done' });
    expect(done.status).toBe(200);
    const movers = await addAction(householdId, goal.body.id, done.headers.etag as string, mover.id);
    await addAction(householdId, goal.body.id, movers.etag, f.coordinator.id);

    expect((await api().post(`/api/v1/professionals/${leaver.id}/deactivate`).set(bearer(f.admin)).send({ reason: 'Uit dienst' })).status).toBe(200);
    // only the unfinished action, and the admin who made the change as its actor
    const [event] = await ownerLeft(leaver.id);
    expect(event).toEqual({ id: expect.any(String), household_id: householdId, actor_id: f.admin.id, payload: { professionalId: leaver.id, actionIds: [open.actionId], reason: 'deactivated' } });
    // the fan-out (a worker's job, not run by this file's app) puts it in the coordinator's inbox, and no one else's
    await t.app.get(TransactionHost).runAsSystem(() => t.app.get(FanOutService).fanOut(event!.id));
    const told = await systemDb(t.app).query<Array<{ professional_id: string }>>('SELECT professional_id FROM notification WHERE event_id = $1', [event!.id]);
    expect(told.map((n) => n.professional_id)).toEqual([f.coordinator.id]);
    expect((await me(f.coordinator.token)).body.items.some((n: { type: string; householdId: string }) => n.type === 'action.owner_left' && n.householdId === householdId)).toBe(true);
    // deactivating someone already inactive tells no one again
    expect((await api().post(`/api/v1/professionals/${leaver.id}/deactivate`).set(bearer(f.admin)).send({ reason: 'Uit dienst' })).status).toBe(200);
    expect(await ownerLeft(leaver.id)).toHaveLength(1);

    // a change of roles alone is no leaving; a move to another organisation is
    expect((await api().patch(`/api/v1/professionals/${mover.id}`).set(bearer(f.admin)).send({ roles: ['professional', 'supervisor'] })).status).toBe(200);
    expect(await ownerLeft(mover.id)).toEqual([]);
    expect((await api().patch(`/api/v1/professionals/${mover.id}`).set(bearer(f.admin)).send({ organisationId: f.partnerOrganisationId })).status).toBe(200);
    expect((await ownerLeft(mover.id)).map((e) => e.payload)).toEqual([{ professionalId: mover.id, actionIds: [movers.actionId], reason: 'moved' }]);
  });

  it('tells the intake team when the case is left without a coordinator by the same deactivation', async () => {
    const leaving = await createProfessional(t.app, { tenantId: f.tenantId, organisationId: f.ownOrganisationId, roles: ['coordinator'] });
    const householdId = await c.registerHousehold(f.supervisor);
    await c.assignCoordinator(f.supervisor, householdId, leaving);
    const plan = await api().post(`/api/v1/households/${householdId}/plan`).set(bearer(leaving)).send({ familyWishes: 'Rust' });
    const goal = await api().post(`/api/v1/households/${householdId}/plan/goals`).set(bearer(leaving)).set('If-Match', plan.headers.etag as string).send({ domainCode: 'finances', title: 'Schulden' });
    const action = await api()
      .post(`/api/v1/households/${householdId}/plan/goals/${goal.body.id}/actions`)
      .set(bearer(leaving))
      .set('If-Match', goal.headers.etag as string)
      .send({ description: 'Stap', owner: { type: 'professional', id: leaving.id } });
    expect(action.status).toBe(201);
    expect((await api().post(`/api/v1/professionals/${leaving.id}/deactivate`).set(bearer(f.admin)).send({ reason: 'Uit dienst', leaveVacant: true })).status).toBe(200);
    const [event] = await ownerLeft(leaving.id);
    expect(event!.payload).toEqual({ professionalId: leaving.id, actionIds: [action.body.id], reason: 'deactivated', intakeOrganisationId: f.ownOrganisationId });
    await t.app.get(TransactionHost).runAsSystem(() => t.app.get(FanOutService).fanOut(event!.id));
    const told = await systemDb(t.app).query<Array<{ professional_id: string }>>('SELECT professional_id FROM notification WHERE event_id = $1', [event!.id]);
    // the intake team's coordinators (the fixture's own team is the intake team); the one who left hears nothing
    expect(told.map((n) => n.professional_id).sort()).toEqual([f.coordinator.id, f.secondCoordinator.id].sort());
  });

  it('tells no one about the actions of a closed case', async () => {
    const leaver = await createProfessional(t.app, { tenantId: f.tenantId, organisationId: f.ownOrganisationId, roles: ['professional'] });
    const { householdId, etag } = await c.caseWithPlan(f);
    await onTeam(householdId);
    const goal = await api().post(`/api/v1/households/${householdId}/plan/goals`).set(bearer(f.coordinator)).set('If-Match', etag).send({ domainCode: 'finances', title: 'Schulden' });
    await addAction(householdId, goal.body.id, goal.headers.etag as string, leaver.id);
    expect((await api().post(`/api/v1/households/${householdId}/close`).set(bearer(f.coordinator)).send({ reason: 'Doelen bereikt' })).status).toBe(200);
    expect((await api().post(`/api/v1/professionals/${leaver.id}/deactivate`).set(bearer(f.admin)).send({ reason: 'Uit dienst' })).status).toBe(200);
    expect(await ownerLeft(leaver.id)).toEqual([]);
  });
});

describe('a professional with care-team history who moves to another organisation', () => {
  it('moves: their standing links end with the move (the coordinator is told), their history stays, and a new link must name their new organisation', async () => {
    const mover = await createProfessional(t.app, { tenantId: f.tenantId, organisationId: f.partnerOrganisationId, roles: ['professional'] });
    const standing = await c.caseWithPlan(f);
    const history = await c.caseWithPlan(f);
    const link = async (householdId: string) => {
      const res = await linkCareTeam(t, householdId, f.coordinator, { organisationId: f.partnerOrganisationId, professionalId: mover.id, role: 'jeugdhulp', basis: 'public_task' });
      expect(res.status).toBe(201);
      return res.body.id as string;
    };
    const standingLink = await link(standing.householdId);
    const endedLink = await link(history.householdId);
    expect((await api().delete(`/api/v1/households/${history.householdId}/care-team/${endedLink}`).set(bearer(f.coordinator))).status).toBe(204);
    // the database refuses a move that would leave a standing link naming the old organisation, whoever writes
    const refused = await systemDb(t.app).query('UPDATE professional SET organisation_id = $2 WHERE id = $1', [mover.id, f.ownOrganisationId]).then(() => undefined, (e: { constraint?: string }) => e.constraint);
    expect(refused).toBe('ck_professional_moves_without_links');

    const moved = await api().patch(`/api/v1/professionals/${mover.id}`).set(bearer(f.admin)).send({ organisationId: f.ownOrganisationId });
    expect(moved.status).toBe(200);
    const team = await api().get(`/api/v1/households/${standing.householdId}/care-team?includeEnded=true`).set(bearer(f.coordinator));
    expect((team.body.items as Array<{ id: string; active: boolean; endReason: string | null }>).find((l) => l.id === standingLink)).toMatchObject({ active: false, endReason: 'Professional moved to another organisation' });
    const [event] = await systemDb(t.app).query<Array<{ payload: Record<string, unknown>; actor_id: string }>>(
      "SELECT payload, actor_id FROM outbox_event WHERE type = 'care_team.changed' AND aggregate_id = $1 AND payload->>'change' = 'ended'",
      [standingLink],
    );
    expect(event).toEqual({ payload: { change: 'ended', organisationId: f.partnerOrganisationId, professionalId: mover.id }, actor_id: f.admin.id });
    // a link naming them for their former organisation is refused; for the new one it is made
    expectProblem(await linkCareTeam(t, history.householdId, f.coordinator, { organisationId: f.partnerOrganisationId, professionalId: mover.id, role: 'jeugdhulp', basis: 'public_task' }), 422);
    expect((await linkCareTeam(t, history.householdId, f.coordinator, { organisationId: f.ownOrganisationId, professionalId: mover.id, role: 'wijkteam', basis: 'public_task' })).status).toBe(201);
  });
});

describe('changing roles and organisation', () => {
  it('takes effect at the next request; removing the coordinator role needs the hand-overs', async () => {
    const person = await createProfessional(t.app, { tenantId: f.tenantId, organisationId: f.ownOrganisationId, roles: ['coordinator'] });
    const household = await c.registerHousehold(f.supervisor);
    await c.assignCoordinator(f.supervisor, household, person);
    expect((await api().get('/api/v1/supervision/caseload').set(bearer(person))).status).toBe(403);

    expectProblem(await api().patch(`/api/v1/professionals/${person.id}`).set(bearer(f.admin)).send({ roles: ['supervisor'], reason: 'Teamleider' }), 409, 'STILL_COORDINATING');
    const promoted = await api()
      .patch(`/api/v1/professionals/${person.id}`)
      .set(bearer(f.admin))
      .send({ roles: ['supervisor'], reason: 'Teamleider geworden', handovers: [{ householdId: household, professionalId: f.secondCoordinator.id }] });
    expect(promoted.status).toBe(200);
    expect(promoted.body.professional.roles).toEqual(['supervisor']);
    expect((await coordinatorOf(household))?.professionalId).toBe(f.secondCoordinator.id);
    expect((await api().get('/api/v1/supervision/caseload').set(bearer(person))).status).toBe(200);

    const moved = await api().patch(`/api/v1/professionals/${person.id}`).set(bearer(f.admin)).send({ organisationId: f.partnerOrganisationId });
    expect(moved.status).toBe(200);
    expect(moved.body.professional.organisationId).toBe(f.partnerOrganisationId);
    expect((await api().get(`/api/v1/professionals/${person.id}`).set(bearer(f.admin))).body).toMatchObject({ organisationId: f.partnerOrganisationId, roles: ['supervisor'] });
    expectProblem(await api().patch(`/api/v1/professionals/${person.id}`).set(bearer(f.admin)).send({ organisationId: '00000000-0000-4000-8000-000000000000' }), 404);
  });
});

describe("the municipality's life-domain list", () => {
  it('is edited by its admin with If-Match, versioned, and existing goals keep a domain that was left out', async () => {
    const own = await createTenantFixture(t.app, 'Domeingemeente');
    const listed = await api().get('/api/v1/life-domains').set(bearer(own.coordinator));
    expect(listed.headers.etag).toBe('"1"');
    const { householdId, etag } = await c.caseWithPlan(own);
    const goal = await api().post(`/api/v1/households/${householdId}/plan/goals`).set(bearer(own.coordinator)).set('If-Match', etag).send({ domainCode: 'justice', title: 'Taakstraf afronden' });
    expect(goal.status).toBe(201);

    const domains = (listed.body as Array<{ code: string; labelNl: string; labelEn: string }>)
      .filter((d) => d.code !== 'justice')
      .map(({ code, labelNl, labelEn }) => ({ code, labelNl, labelEn }));
    const next = [...domains, { code: 'digital_skills', labelNl: 'Digitale vaardigheden', labelEn: 'Digital skills' }];
    expectProblem(await api().put('/api/v1/life-domains').set(bearer(own.admin)).send({ domains: next }), 428);
    expectProblem(await api().put('/api/v1/life-domains').set(bearer(own.supervisor)).set('If-Match', '"1"').send({ domains: next }), 403);
    expectProblem(await api().put('/api/v1/life-domains').set(bearer(own.admin)).set('If-Match', '"1"').send({ domains: [...next, next[0]] }), 422, 'VALUE_NOT_ALLOWED');
    const saved = await api().put('/api/v1/life-domains').set(bearer(own.admin)).set('If-Match', '"1"').send({ domains: next });
    expect(saved.status).toBe(200);
    expect(saved.headers.etag).toBe('"2"');
    expect((saved.body as Array<{ code: string; active: boolean }>).find((d) => d.code === 'justice')).toMatchObject({ active: false });
    expect((saved.body as Array<{ code: string }>).at(-2)?.code).toBe('digital_skills');
    expectProblem(await api().put('/api/v1/life-domains').set(bearer(own.admin)).set('If-Match', '"1"').send({ domains: next }), 412);
    // the same list again changes nothing: the version (the newest revision's number) stays
    const again = await api().put('/api/v1/life-domains').set(bearer(own.admin)).set('If-Match', '"2"').send({ domains: next });
    expect(again.status).toBe(200);
    expect(again.headers.etag).toBe('"2"');
    expect(again.body).toEqual(saved.body);
    // so does naming the left-out domain inactive at its place; relabelling one is a change
    const { labelNl, labelEn } = (saved.body as Array<{ code: string; labelNl: string; labelEn: string }>).find((d) => d.code === 'justice')!;
    const explicit = [...next, { code: 'justice', labelNl, labelEn, active: false }];
    expect((await api().put('/api/v1/life-domains').set(bearer(own.admin)).set('If-Match', '"2"').send({ domains: explicit })).headers.etag).toBe('"2"');
    const relabelled = [...next, { code: 'justice', labelNl, labelEn: 'Justice and probation', active: false }];
    expect((await api().put('/api/v1/life-domains').set(bearer(own.admin)).set('If-Match', '"2"').send({ domains: relabelled })).headers.etag).toBe('"3"');

    // the existing goal keeps its domain; new goals choose from the new list
    const plan = await api().get(`/api/v1/households/${householdId}/plan`).set(bearer(own.coordinator));
    expect((plan.body.goals as Array<{ id: string; domainCode: string }>).find((g) => g.id === goal.body.id)?.domainCode).toBe('justice');
    expectProblem(
      await api().post(`/api/v1/households/${householdId}/plan/goals`).set(bearer(own.coordinator)).set('If-Match', plan.headers.etag as string).send({ domainCode: 'justice', title: 'Nog een' }),
      422,
      'UNKNOWN_LIFE_DOMAIN',
    );
    const digital = await api().post(`/api/v1/households/${householdId}/plan/goals`).set(bearer(own.coordinator)).set('If-Match', plan.headers.etag as string).send({ domainCode: 'digital_skills', title: 'DigiD aanvragen' });
    expect(digital.status).toBe(201);
    // another municipality's list is its own
    expect(((await api().get('/api/v1/life-domains').set(bearer(f.coordinator))).body as Array<{ code: string }>).some((d) => d.code === 'digital_skills')).toBe(false);
  });
});
