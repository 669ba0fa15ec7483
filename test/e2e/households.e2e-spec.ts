import request from 'supertest';
import { bearer, createTenantFixture, expectProblem, problemFields, startTestApp, type TenantFixture, type TestApp, systemDb } from './harness/index.js';
import { caseApi } from './support/case.js';
import { linkCareTeam } from './support/care-team.js';

let t: TestApp;
let a: TenantFixture;
let b: TenantFixture;
let c: ReturnType<typeof caseApi>;

beforeAll(async () => {
  t = await startTestApp();
  a = await createTenantFixture(t.app, 'Gemeente A');
  b = await createTenantFixture(t.app, 'Gemeente B');
  c = caseApi(t);
});

afterAll(async () => {
  await t?.close();
});

const api = () => request(t.http);
const db = () => systemDb(t.app);
const householdRow = async (id: string) => (await db().query<Array<Record<string, unknown>>>('SELECT * FROM household WHERE id = $1', [id]))[0]!;

describe('registering a household', () => {
  it('answers 201 with Location and ETag, normalises the postcode and never returns the BSN', async () => {
    const res = await api()
      .post('/api/v1/households')
      .set(bearer(a.coordinator))
      .send({
        postcode: '3512ab',
        houseNumber: 7,
        district: 'Overvecht',
        registrationReason: 'Schulden en schooluitval',
        riskLevel: 'high',
        members: [{ givenName: 'Fatima', familyName: 'Bakker', dateOfBirth: '1985-01-20', role: 'parent', bsn: '111222333' }],
      });
    expect(res.status).toBe(201);
    expect(res.headers.location).toBe(`/api/v1/households/${res.body.id}`);
    expect(res.headers.etag).toBe('"1"');
    expect(res.body).toMatchObject({ postcode: '3512AB', status: 'registered', episode: 1, reopenCount: 0, coordinator: null });
    expect(res.body.members[0]).toMatchObject({ givenName: 'Fatima', hasBsn: true });
    expect(res.text).not.toContain('111222333');
    const stored = await db().query<Array<{ bsn_ciphertext: string; bsn_hash: string }>>('SELECT bsn_ciphertext, bsn_hash FROM member WHERE household_id = $1', [res.body.id]);
    expect(stored[0]!.bsn_ciphertext).not.toContain('111222333');
    expect(stored[0]!.bsn_hash).toMatch(/^[0-9a-f]{64}$/);
  });

  it.each([
    ['an unknown field', { extra: 1 }, 'extra'],
    ['a wrong type', { houseNumber: 'twelve' }, 'houseNumber'],
    ['an overlong string', { district: 'x'.repeat(101) }, 'district'],
    ['a district of only invisible characters', { district: '\u200B\u200D\u2060\uFEFF\u00AD' }, 'district'],
    ['a bad postcode', { postcode: '0123 AB' }, 'postcode'],
    ['an impossible date', { members: [{ givenName: 'A', familyName: 'B', dateOfBirth: '2020-02-30', role: 'child' }] }, 'members[0].dateOfBirth'],
    ['a BSN that is not 9 digits', { members: [{ givenName: 'A', familyName: 'B', dateOfBirth: '2000-02-03', role: 'child', bsn: '12345678' }] }, 'members[0].bsn'],
    ['mass assignment of tenantId', { tenantId: '00000000-0000-0000-0000-000000000000' }, 'tenantId'],
    ['mass assignment of status', { status: 'active' }, 'status'],
  ])('refuses %s with 400 naming the field and writes nothing', async (_label, patch, field) => {
    const before = (await db().query<Array<{ n: number }>>('SELECT count(*)::int AS n FROM household WHERE tenant_id = $1', [a.tenantId]))[0]!.n;
    const res = await api()
      .post('/api/v1/households')
      .set(bearer(a.coordinator))
      .send({ postcode: '3512 AB', houseNumber: 1, district: 'Zuid', registrationReason: 'r', riskLevel: 'low', ...patch });
    expect(problemFields(expectProblem(res, 400, 'VALIDATION_FAILED'))).toContain(field);
    const after = (await db().query<Array<{ n: number }>>('SELECT count(*)::int AS n FROM household WHERE tenant_id = $1', [a.tenantId]))[0]!.n;
    expect(after).toBe(before);
  });

  // well-formed per the OpenAPI document, but against a rule it can state only in words: 422, never 400
  it.each([
    ['a date of birth in the future', { members: [{ givenName: 'A', familyName: 'B', dateOfBirth: '2999-01-01', role: 'child' }] }, 'members[0].dateOfBirth'],
    ['a BSN failing the 11-test', { members: [{ givenName: 'A', familyName: 'B', dateOfBirth: '2000-02-03', role: 'child', bsn: '123456789' }] }, 'members[0].bsn'],
  ])('refuses %s with 422 naming the field and writes nothing', async (_label, patch, field) => {
    const before = (await db().query<Array<{ n: number }>>('SELECT count(*)::int AS n FROM household WHERE tenant_id = $1', [a.tenantId]))[0]!.n;
    const res = await api()
      .post('/api/v1/households')
      .set(bearer(a.coordinator))
      .send({ postcode: '3512 AB', houseNumber: 1, district: 'Zuid', registrationReason: 'r', riskLevel: 'low', ...patch });
    expect(problemFields(expectProblem(res, 422, 'VALUE_NOT_ALLOWED'))).toEqual([field]);
    const after = (await db().query<Array<{ n: number }>>('SELECT count(*)::int AS n FROM household WHERE tenant_id = $1', [a.tenantId]))[0]!.n;
    expect(after).toBe(before);
  });

  it('a partner professional may not register households (403)', async () => {
    const res = await api().post('/api/v1/households').set(bearer(a.partner)).send({ postcode: '3512 AB', houseNumber: 1, district: 'Zuid', registrationReason: 'r', riskLevel: 'low' });
    expectProblem(res, 403, 'ROLE_REQUIRED');
  });
});

describe('changing a household', () => {
  it('needs If-Match; a stale ETag is 412; mass assignment of version, status, coordinatorId or tenantId is 400 and changes nothing', async () => {
    const id = await c.registerHousehold(a.coordinator);
    await c.assignCoordinator(a.coordinator, id, a.coordinator);
    const current = await api().get(`/api/v1/households/${id}`).set(bearer(a.coordinator));
    const etag = current.headers.etag as string;
    expectProblem(await api().patch(`/api/v1/households/${id}`).set(bearer(a.coordinator)).send({ district: 'Noord' }), 428);
    for (const field of ['version', 'status', 'coordinatorId', 'tenantId']) {
      const res = await api().patch(`/api/v1/households/${id}`).set(bearer(a.coordinator)).set('If-Match', etag).send({ [field]: field === 'version' ? 99 : 'x' });
      expect(problemFields(expectProblem(res, 400))).toContain(field);
    }
    const before = await householdRow(id);
    const ok = await api().patch(`/api/v1/households/${id}`).set(bearer(a.coordinator)).set('If-Match', etag).send({ district: 'Noord', riskLevel: 'high' });
    expect(ok.status).toBe(200);
    expect(ok.body).toMatchObject({ district: 'Noord', riskLevel: 'high', version: (before.version as number) + 1 });
    expectProblem(await api().patch(`/api/v1/households/${id}`).set(bearer(a.coordinator)).set('If-Match', etag).send({ district: 'Zuid' }), 412);
    expect((await householdRow(id)).district).toBe('Noord');
  });

  it('a change that changes nothing keeps the version and writes no event; a stale If-Match is still a 412', async () => {
    const id = await c.registerHousehold(a.coordinator);
    await c.assignCoordinator(a.coordinator, id, a.coordinator);
    const current = await api().get(`/api/v1/households/${id}`).set(bearer(a.coordinator));
    const etag = current.headers.etag as string;
    const events = async () => (await db().query<Array<{ n: number }>>(`SELECT count(*)::int AS n FROM outbox_event WHERE household_id = $1 AND type = 'household.updated'`, [id]))[0]!.n;
    const same = { riskLevel: current.body.riskLevel, district: current.body.district, registrationReason: current.body.registrationReason, postcode: current.body.postcode, houseNumber: current.body.houseNumber };
    for (let i = 0; i < 2; i++) {
      const res = await api().patch(`/api/v1/households/${id}`).set(bearer(a.coordinator)).set('If-Match', etag).send(same);
      expect(res.status).toBe(200);
      expect(res.headers.etag).toBe(etag);
      expect(res.body.version).toBe(current.body.version);
    }
    expect(await events()).toBe(0);
    expectProblem(await api().patch(`/api/v1/households/${id}`).set(bearer(a.coordinator)).set('If-Match', `"${current.body.version - 1}"`).send(same), 412);
    // a change of one field among unchanged ones writes only that field
    const one = await api().patch(`/api/v1/households/${id}`).set(bearer(a.coordinator)).set('If-Match', etag).send({ ...same, riskLevel: current.body.riskLevel === 'high' ? 'low' : 'high' });
    expect(one.body.version).toBe(current.body.version + 1);
    const [event] = await db().query<Array<{ payload: { fields: string[] } }>>(`SELECT payload FROM outbox_event WHERE household_id = $1 AND type = 'household.updated'`, [id]);
    expect(event!.payload.fields).toEqual(['riskLevel']);
  });

  it('moves through the lifecycle; close ends coordinator and care team; reopen starts a new episode counted as recurrence', async () => {
    const id = await c.registerHousehold(a.coordinator);
    await c.assignCoordinator(a.coordinator, id, a.coordinator);
    expect((await api().get(`/api/v1/households/${id}`).set(bearer(a.coordinator))).body.status).toBe('intake');
    const link = await linkCareTeam(t, id, a.coordinator, { organisationId: a.partnerOrganisationId, role: 'jeugdhulp', basis: 'consent' });
    expect(link.status).toBe(201);
    expectProblem(await api().post(`/api/v1/households/${id}/status`).set(bearer(a.coordinator)).send({ status: 'aftercare' }), 409, 'INVALID_STATUS_TRANSITION');
    expect((await api().post(`/api/v1/households/${id}/status`).set(bearer(a.coordinator)).send({ status: 'active' })).body.status).toBe('active');

    const closed = await api().post(`/api/v1/households/${id}/close`).set(bearer(a.coordinator)).send({ reason: 'Doelen bereikt' });
    expect(closed.status).toBe(200);
    expect(closed.body).toMatchObject({ status: 'closed', coordinator: null });
    expect(closed.body.closedAt).toEqual(expect.any(String));
    // the answer is the household at its new version, and says so for the next If-Match
    expect(closed.headers.etag).toBe(`"${closed.body.version as number}"`);
    expect((await api().get(`/api/v1/households/${id}`).set(bearer(a.supervisor))).headers.etag).toBe(closed.headers.etag);
    expectProblem(await api().post(`/api/v1/households/${id}/close`).set(bearer(a.supervisor)).send({ reason: 'nogmaals' }), 409, 'HOUSEHOLD_CLOSED');
    // the former coordinator and the partner are no longer involved
    expectProblem(await api().get(`/api/v1/households/${id}`).set(bearer(a.partner)), 404);
    const team = await api().get(`/api/v1/households/${id}/care-team?includeEnded=true`).set(bearer(a.supervisor));
    expect(team.body.items[0]).toMatchObject({ active: false, endReason: 'Household closed' });

    const reopened = await api().post(`/api/v1/households/${id}/reopen`).set(bearer(a.supervisor)).send({ reason: 'Nieuwe melding' });
    expect(reopened.body).toMatchObject({ status: 'registered', episode: 2, reopenCount: 1, closedAt: null });
    const episodes = await db().query<Array<{ number: number; ended_at: Date | null }>>('SELECT number, ended_at FROM household_episode WHERE household_id = $1 ORDER BY number', [id]);
    expect(episodes.map((e) => [e.number, e.ended_at === null])).toEqual([
      [1, false],
      [2, true],
    ]);
    const events = await db().query<Array<{ type: string }>>('SELECT type FROM outbox_event WHERE household_id = $1 ORDER BY id', [id]);
    expect(events.map((e) => e.type)).toEqual(
      expect.arrayContaining(['household.registered', 'coordinator.assigned', 'care_team.changed', 'household.status_changed', 'household.closed', 'household.reopened']),
    );
  });

  it('a status change, a close and a reopen evaluate an If-Match that is sent: a stale one is a 412 and changes nothing', async () => {
    const id = await c.registerHousehold(a.coordinator);
    await c.assignCoordinator(a.coordinator, id, a.coordinator);
    const read = async () => api().get(`/api/v1/households/${id}`).set(bearer(a.supervisor));
    const stale = '"1"';
    const current = (await read()).headers.etag as string;
    expect(current).not.toBe(stale);
    const status = expectProblem(await api().post(`/api/v1/households/${id}/status`).set(bearer(a.coordinator)).set('If-Match', stale).send({ status: 'active' }), 412, 'PRECONDITION_FAILED');
    expect(status.currentVersion).toBe(Number(current.replace(/"/g, '')));
    expectProblem(await api().post(`/api/v1/households/${id}/close`).set(bearer(a.coordinator)).set('If-Match', stale).send({ reason: 'Doelen bereikt' }), 412);
    expect((await read()).body).toMatchObject({ status: 'intake' });

    const active = await api().post(`/api/v1/households/${id}/status`).set(bearer(a.coordinator)).set('If-Match', current).send({ status: 'active' });
    expect(active.status).toBe(200);
    const closed = await api().post(`/api/v1/households/${id}/close`).set(bearer(a.coordinator)).set('If-Match', active.headers.etag as string).send({ reason: 'Doelen bereikt' });
    expect(closed.status).toBe(200);
    expectProblem(await api().post(`/api/v1/households/${id}/reopen`).set(bearer(a.supervisor)).set('If-Match', active.headers.etag as string).send({ reason: 'Nieuwe melding' }), 412);
    expect((await read()).body).toMatchObject({ status: 'closed', episode: 1 });
    const reopened = await api().post(`/api/v1/households/${id}/reopen`).set(bearer(a.supervisor)).set('If-Match', closed.headers.etag as string).send({ reason: 'Nieuwe melding' });
    expect(reopened.body).toMatchObject({ status: 'registered', episode: 2 });
  });

  it('members can be added, changed (BSN set and cleared) and removed', async () => {
    const id = await c.registerHousehold(a.coordinator);
    await c.assignCoordinator(a.coordinator, id, a.coordinator);
    const added = await api().post(`/api/v1/households/${id}/members`).set(bearer(a.coordinator)).send({ givenName: 'Opa', familyName: 'Jansen', dateOfBirth: '1950-05-05', role: 'other' });
    expect(added.status).toBe(201);
    expect(added.headers.location).toBe(`/api/v1/households/${id}/members/${added.body.id}`);
    const withBsn = await api().patch(`/api/v1/households/${id}/members/${added.body.id}`).set(bearer(a.coordinator)).send({ bsn: '111222333' });
    expect(withBsn.body.hasBsn).toBe(true);
    const cleared = await api().patch(`/api/v1/households/${id}/members/${added.body.id}`).set(bearer(a.coordinator)).send({ bsn: null });
    expect(cleared.body.hasBsn).toBe(false);
    // a change that changes nothing writes nothing: the household keeps its version and no event is sent
    const etag = (await api().get(`/api/v1/households/${id}`).set(bearer(a.coordinator))).headers.etag as string;
    const events = async () => (await db().query<Array<{ n: number }>>(`SELECT count(*)::int AS n FROM outbox_event WHERE household_id = $1 AND type = 'member.updated'`, [id]))[0]!.n;
    const eventsBefore = await events();
    for (const same of [{ givenName: 'Opa' }, { bsn: null }, { familyName: 'Jansen', dateOfBirth: '1950-05-05', role: 'other' }]) {
      const unchanged = await api().patch(`/api/v1/households/${id}/members/${added.body.id}`).set(bearer(a.coordinator)).send(same);
      expect(unchanged.body).toMatchObject({ givenName: 'Opa', familyName: 'Jansen', hasBsn: false });
    }
    expect((await api().get(`/api/v1/households/${id}`).set(bearer(a.coordinator))).headers.etag).toBe(etag);
    expect(await events()).toBe(eventsBefore);
    // If-Match is optional on member changes: with the household's current ETag the change is made, with a stale one
    // it is a 412 and nothing changes
    const member = `/api/v1/households/${id}/members/${added.body.id}`;
    const renamed = await api().patch(member).set(bearer(a.coordinator)).set('If-Match', etag).send({ givenName: 'Opa Kees' });
    expect(renamed.status).toBe(200);
    const stale = await api().patch(member).set(bearer(a.coordinator)).set('If-Match', etag).send({ givenName: 'Opa Piet' });
    expect(expectProblem(stale, 412, 'PRECONDITION_FAILED').currentVersion).toBe(Number(etag.replace(/"/g, '')) + 1);
    expectProblem(await api().delete(member).set(bearer(a.coordinator)).set('If-Match', etag), 412, 'PRECONDITION_FAILED');
    expectProblem(await api().post(`/api/v1/households/${id}/members`).set(bearer(a.coordinator)).set('If-Match', etag).send({ givenName: 'Oma', familyName: 'Jansen', dateOfBirth: '1952-02-02', role: 'other' }), 412);
    const after = await api().get(`/api/v1/households/${id}`).set(bearer(a.coordinator));
    expect(after.body.members.filter((m: { givenName: string }) => m.givenName.startsWith('O')).map((m: { givenName: string }) => m.givenName)).toEqual(['Opa Kees']);
    expect((await api().delete(`/api/v1/households/${id}/members/${added.body.id}`).set(bearer(a.coordinator))).status).toBe(204);
    const household = await api().get(`/api/v1/households/${id}`).set(bearer(a.coordinator));
    expect(household.body.members.map((m: { id: string }) => m.id)).not.toContain(added.body.id);
    expectProblem(await api().delete(`/api/v1/households/${id}/members/${added.body.id}`).set(bearer(a.coordinator)), 404, 'MEMBER_NOT_FOUND');
  });
});

describe('who sees a household', () => {
  it('a professional of another municipality gets 404 for everything about it, exactly like a missing id', async () => {
    const { householdId } = await c.caseWithPlan(a);
    const missing = '00000000-0000-4000-8000-000000000000';
    for (const path of ['', '/plan', '/plan/revisions', '/care-team', '/coordinator/history']) {
      for (const who of [b.supervisor, b.coordinator, b.admin]) {
        const res = await api().get(`/api/v1/households/${householdId}${path}`).set(bearer(who));
        const body = expectProblem(res, 404);
        expect(res.text).not.toContain('Jansen');
        const other = await api().get(`/api/v1/households/${missing}${path}`).set(bearer(who));
        expect(other.status).toBe(404);
        expect(body.code).toBe(JSON.parse(other.text).code);
      }
    }
    expectProblem(await api().patch(`/api/v1/households/${householdId}/plan`).set(bearer(b.supervisor)).set('If-Match', '"1"').send({ familyWishes: 'x' }), 404);
    const list = await api().get('/api/v1/households?limit=100').set(bearer(b.supervisor));
    expect(list.body.items.map((h: { id: string }) => h.id)).not.toContain(householdId);
  });

  it('a partner sees a household only while linked to the care team', async () => {
    const { householdId } = await c.caseWithPlan(a);
    expectProblem(await api().get(`/api/v1/households/${householdId}`).set(bearer(a.partner)), 404);
    const link = await linkCareTeam(t, householdId, a.coordinator, { organisationId: a.partnerOrganisationId, professionalId: a.partner.id, role: 'jeugdhulp', basis: 'consent' });
    expect(link.status).toBe(201);
    expect((await api().get(`/api/v1/households/${householdId}`).set(bearer(a.partner))).status).toBe(200);
    expect((await api().get(`/api/v1/households/${householdId}/plan`).set(bearer(a.partner))).status).toBe(200);
    // a linked partner may read but not change the plan
    expectProblem(await api().patch(`/api/v1/households/${householdId}/plan`).set(bearer(a.partner)).set('If-Match', '"1"').send({ familyWishes: 'x' }), 403);
    // the colleague of the same organisation is not linked (professional-level link)
    expectProblem(await api().get(`/api/v1/households/${householdId}`).set(bearer(a.secondPartner)), 404);
    expect((await api().delete(`/api/v1/households/${householdId}/care-team/${link.body.id}`).set(bearer(a.coordinator))).status).toBe(204);
    expectProblem(await api().get(`/api/v1/households/${householdId}`).set(bearer(a.partner)), 404);
  });

  it('a link that starts in the future gives no access yet; an organisation-level link covers all its professionals', async () => {
    const { householdId } = await c.caseWithPlan(a);
    await linkCareTeam(t, householdId, a.coordinator, { organisationId: a.partnerOrganisationId, professionalId: a.partner.id, role: 'later', basis: 'consent', startsOn: '2099-01-01' });
    expectProblem(await api().get(`/api/v1/households/${householdId}`).set(bearer(a.partner)), 404);
    await linkCareTeam(t, householdId, a.coordinator, { organisationId: a.partnerOrganisationId, role: 'jeugdhulp', basis: 'legal_obligation' });
    expect((await api().get(`/api/v1/households/${householdId}`).set(bearer(a.secondPartner))).status).toBe(200);
  });
});

describe('finding households', () => {
  it('filters by status, district, coordinator and text, and pages with a cursor', async () => {
    const district = `Wijk-${Date.now()}`;
    const ids: string[] = [];
    for (let i = 0; i < 5; i++) ids.push(await c.registerHousehold(a.coordinator, { district, members: [{ givenName: 'Zoë', familyName: `Zoekmij${i}`, dateOfBirth: '1990-01-01', role: 'parent' }] }));
    await c.assignCoordinator(a.supervisor, ids[0]!, a.secondCoordinator);

    const page1 = await api().get(`/api/v1/households?district=${district}&limit=2`).set(bearer(a.supervisor));
    expect(page1.body.items).toHaveLength(2);
    const page2 = await api().get(`/api/v1/households?district=${district}&limit=2&cursor=${page1.body.nextCursor}`).set(bearer(a.supervisor));
    const page3 = await api().get(`/api/v1/households?district=${district}&limit=2&cursor=${page2.body.nextCursor}`).set(bearer(a.supervisor));
    expect(page3.body.nextCursor).toBeNull();
    const seen = [...page1.body.items, ...page2.body.items, ...page3.body.items].map((h: { id: string }) => h.id);
    expect(new Set(seen)).toEqual(new Set(ids));

    const byCoordinator = await api().get(`/api/v1/households?coordinatorId=${a.secondCoordinator.id}&district=${district}`).set(bearer(a.supervisor));
    expect(byCoordinator.body.items.map((h: { id: string }) => h.id)).toEqual([ids[0]]);
    const byStatus = await api().get(`/api/v1/households?status=intake&district=${district}`).set(bearer(a.supervisor));
    expect(byStatus.body.items.map((h: { id: string }) => h.id)).toEqual([ids[0]]);
    const byText = await api().get(`/api/v1/households?text=zoekmij3`).set(bearer(a.supervisor));
    expect(byText.body.items.map((h: { id: string }) => h.id)).toEqual([ids[3]]);
    expectProblem(await api().get('/api/v1/households?status=sleeping').set(bearer(a.supervisor)), 400);
    expectProblem(await api().get('/api/v1/households?limit=1000').set(bearer(a.supervisor)), 400);
    expectProblem(await api().get('/api/v1/households?cursor=garbage').set(bearer(a.supervisor)), 400, 'INVALID_CURSOR');
  });

  it('a coordinator sees households without coordinator (to pick up) but not a colleague’s cases', async () => {
    const vacant = await c.registerHousehold(a.supervisor);
    const colleagues = await c.registerHousehold(a.supervisor);
    await c.assignCoordinator(a.supervisor, colleagues, a.secondCoordinator);
    expect((await api().get(`/api/v1/households/${vacant}`).set(bearer(a.coordinator))).status).toBe(200);
    expectProblem(await api().get(`/api/v1/households/${colleagues}`).set(bearer(a.coordinator)), 404);
    // taking the vacant case for oneself is allowed; handing a colleague's case over is not
    await c.assignCoordinator(a.coordinator, vacant, a.coordinator);
    expectProblem(
      await api().put(`/api/v1/households/${vacant}/coordinator`).set(bearer(a.secondCoordinator)).send({ professionalId: a.secondCoordinator.id, reason: 'overnemen' }),
      404,
    );
    const handover = await api().put(`/api/v1/households/${vacant}/coordinator`).set(bearer(a.coordinator)).send({ professionalId: a.secondCoordinator.id, reason: 'Verlof' });
    expect(handover.status).toBe(200);
    const events = await db().query<Array<{ type: string }>>('SELECT type FROM outbox_event WHERE household_id = $1 ORDER BY id', [vacant]);
    expect(events.map((e) => e.type)).toEqual(['household.registered', 'coordinator.assigned', 'coordinator.handed_over']);
    expectProblem(
      await api().put(`/api/v1/households/${vacant}/coordinator`).set(bearer(a.supervisor)).send({ professionalId: a.partner.id, reason: 'geen regisseur' }),
      422,
      'NOT_A_COORDINATOR',
    );
  });
});
