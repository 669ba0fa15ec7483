import request from 'supertest';
import { ENGLISH, bearer, createTenantFixture, expectProblem, problemFields, startTestApp, type TenantFixture, type TestApp, type UserFixture, systemDb } from './harness/index.js';
import { caseApi } from './support/case.js';
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
const minutesAgo = (n: number) => new Date(Date.now() - n * 60_000).toISOString();

async function memberIdsOf(householdId: string): Promise<string[]> {
  const res = await api().get(`/api/v1/households/${householdId}`).set(bearer(f.coordinator));
  return (res.body.members as Array<{ id: string }>).map((m) => m.id);
}

async function linkToCareTeam(householdId: string, who: { organisationId: string; professionalId?: string }): Promise<string> {
  const res = await linkCareTeam(t, householdId, f.coordinator, { ...who, role: 'jeugdhulp', basis: 'consent' });
  expect(res.status).toBe(201);
  return res.body.id as string;
}

async function household(): Promise<string> {
  const { householdId } = await c.caseWithPlan(f);
  return householdId;
}

const contact = (overrides: Record<string, unknown> = {}) => ({ kind: 'home_visit', occurredAt: minutesAgo(60), note: 'Huisbezoek: afspraken over de schulden gemaakt.', ...overrides });

describe('recording contact moments', () => {
  it('the coordinator records a home visit with the members present; it comes back with names and a Location', async () => {
    const householdId = await household();
    const [parentId, childId] = await memberIdsOf(householdId);
    const occurredAt = '2026-01-15T14:30:00+01:00';
    const res = await api()
      .post(`/api/v1/households/${householdId}/contacts`)
      .set(bearer(f.coordinator))
      .send(contact({ occurredAt, note: '  Keukentafelgesprek met moeder en zoon.  ', memberIds: [childId, parentId] }));
    expect(res.status).toBe(201);
    expect(res.headers.location).toBe(`/api/v1/households/${householdId}/contacts/${res.body.id}`);
    expect(res.body).toEqual({
      id: expect.any(String),
      householdId,
      kind: 'home_visit',
      occurredAt: '2026-01-15T13:30:00.000Z',
      note: 'Keukentafelgesprek met moeder en zoon.',
      members: [
        { memberId: parentId, name: 'Samira Jansen' },
        { memberId: childId, name: 'Noah Jansen' },
      ],
      recordedBy: { professionalId: f.coordinator.id, name: 'Carla Coordinator' },
      createdAt: expect.any(String),
    });

    const again = await api().get(res.headers.location as string).set(bearer(f.coordinator));
    expect(again.status).toBe(200);
    expect(again.body).toEqual(res.body);
  });

  it('writes a contact.recorded event with ids and kind only — never the note', async () => {
    const householdId = await household();
    const [parentId] = await memberIdsOf(householdId);
    const res = await api().post(`/api/v1/households/${householdId}/contacts`).set(bearer(f.coordinator)).send(contact({ kind: 'call', memberIds: [parentId] }));
    expect(res.status).toBe(201);
    const events = await db().query(`SELECT aggregate_type, aggregate_id, actor_id, payload FROM outbox_event WHERE household_id = $1 AND type = 'contact.recorded'`, [householdId]);
    expect(events).toEqual([{ aggregate_type: 'contact', aggregate_id: res.body.id, actor_id: f.coordinator.id, payload: { kind: 'call', memberIds: [parentId] } }]);
  });

  it('lists contact moments newest first by when they took place, in cursor pages', async () => {
    const householdId = await household();
    const times = [minutesAgo(300), minutesAgo(10), minutesAgo(120)];
    for (const [i, occurredAt] of times.entries()) {
      const res = await api().post(`/api/v1/households/${householdId}/contacts`).set(bearer(f.coordinator)).send(contact({ occurredAt, note: `Contact ${i}` }));
      expect(res.status).toBe(201);
    }
    const first = await api().get(`/api/v1/households/${householdId}/contacts?limit=2`).set(bearer(f.coordinator));
    expect(first.status).toBe(200);
    expect(first.body.items.map((x: { note: string }) => x.note)).toEqual(['Contact 1', 'Contact 2']);
    expect(first.body.nextCursor).toEqual(expect.any(String));
    const second = await api().get(`/api/v1/households/${householdId}/contacts?limit=2&cursor=${first.body.nextCursor as string}`).set(bearer(f.coordinator));
    expect(second.body.items.map((x: { note: string }) => x.note)).toEqual(['Contact 0']);
    expect(second.body.nextCursor).toBeNull();
  });

  it('an edited cursor is a 400 naming cursor', async () => {
    const householdId = await household();
    const res = await api().get(`/api/v1/households/${householdId}/contacts?cursor=bm9wZQ`).set(bearer(f.coordinator));
    expect(problemFields(expectProblem(res, 400, 'INVALID_CURSOR'))).toEqual(['cursor']);
  });
});

describe('who may record a contact moment', () => {
  it('a partner on the care team may; so may a colleague of an organisation linked as a whole, and a supervisor', async () => {
    const householdId = await household();
    await linkToCareTeam(householdId, { organisationId: f.partnerOrganisationId, professionalId: f.partner.id });
    const byPartner = await api().post(`/api/v1/households/${householdId}/contacts`).set(bearer(f.partner)).send(contact({ kind: 'meeting' }));
    expect(byPartner.status).toBe(201);
    expect(byPartner.body.recordedBy).toEqual({ professionalId: f.partner.id, name: 'Pieter Partner' });

    const secondHousehold = await household();
    await linkToCareTeam(secondHousehold, { organisationId: f.partnerOrganisationId });
    expect((await api().post(`/api/v1/households/${secondHousehold}/contacts`).set(bearer(f.secondPartner)).send(contact())).status).toBe(201);

    expect((await api().post(`/api/v1/households/${householdId}/contacts`).set(bearer(f.supervisor)).send(contact())).status).toBe(201);
  });

  it('a partner who is not on the care team gets 404, for writing and reading alike', async () => {
    const householdId = await household();
    expectProblem(await api().post(`/api/v1/households/${householdId}/contacts`).set(bearer(f.partner)).send(contact()), 404, 'HOUSEHOLD_NOT_FOUND');
    expectProblem(await api().get(`/api/v1/households/${householdId}/contacts`).set(bearer(f.partner)), 404, 'HOUSEHOLD_NOT_FOUND');
  });

  it('a partner whose link has ended can no longer record (404)', async () => {
    const householdId = await household();
    const linkId = await linkToCareTeam(householdId, { organisationId: f.partnerOrganisationId, professionalId: f.partner.id });
    expect((await api().delete(`/api/v1/households/${householdId}/care-team/${linkId}`).set(bearer(f.coordinator))).status).toBe(204);
    expectProblem(await api().post(`/api/v1/households/${householdId}/contacts`).set(bearer(f.partner)).send(contact()), 404);
  });

  it('a coordinator who sees a household only because it waits for a coordinator may read but not record (403); neither may an admin', async () => {
    const householdId = await c.registerHousehold(f.coordinator);
    const seen = await api().get(`/api/v1/households/${householdId}/contacts`).set(bearer(f.secondCoordinator));
    expect(seen.status).toBe(200);
    const denied = expectProblem(await api().post(`/api/v1/households/${householdId}/contacts`).set(bearer(f.secondCoordinator)).set(ENGLISH).send(contact()), 403, 'NOT_ALLOWED_FOR_HOUSEHOLD');
    expect(denied.detail).toMatch(/coordinator, a supervisor or a professional on its care team/);
    expectProblem(await api().post(`/api/v1/households/${householdId}/contacts`).set(bearer(f.admin)).send(contact()), 403);
  });

  it('another municipality gets 404 for the household and for its contact moments', async () => {
    const householdId = await household();
    const created = await api().post(`/api/v1/households/${householdId}/contacts`).set(bearer(f.coordinator)).send(contact());
    for (const who of [other.supervisor, other.coordinator] as UserFixture[]) {
      expectProblem(await api().post(`/api/v1/households/${householdId}/contacts`).set(bearer(who)).send(contact()), 404);
      expectProblem(await api().get(`/api/v1/households/${householdId}/contacts`).set(bearer(who)), 404);
      expectProblem(await api().get(`/api/v1/households/${householdId}/contacts/${created.body.id as string}`).set(bearer(who)), 404);
    }
  });

  it('a contact moment of one household is not found under another', async () => {
    const a = await household();
    const b = await household();
    const created = await api().post(`/api/v1/households/${a}/contacts`).set(bearer(f.coordinator)).send(contact());
    expectProblem(await api().get(`/api/v1/households/${b}/contacts/${created.body.id as string}`).set(bearer(f.coordinator)), 404, 'CONTACT_NOT_FOUND');
  });
});

describe('validation of contact moments', () => {
  let householdId: string;
  beforeAll(async () => {
    householdId = await household();
  });
  const post = (body: Record<string, unknown>) => api().post(`/api/v1/households/${householdId}/contacts`).set(bearer(f.coordinator)).send(body);

  it('accepts a moment up to two minutes ahead of the server clock (device skew), refuses one beyond that, naming occurredAt', async () => {
    expect((await post(contact({ occurredAt: new Date(Date.now() + 2 * 60_000 - 5_000).toISOString() }))).status).toBe(201);
    const problem = expectProblem(await post(contact({ occurredAt: new Date(Date.now() + 2 * 60_000 + 5_000).toISOString() })), 422, 'OCCURRED_AT_IN_FUTURE');
    expect(problemFields(problem)).toEqual(['occurredAt']);
  });

  it('accepts a moment before the household was registered (the first conversation often is)', async () => {
    expect((await post(contact({ occurredAt: '2020-05-01T09:00:00Z' }))).status).toBe(201);
  });

  it.each([
    ['without a time zone', '2026-01-15T14:30:00'],
    ['a date only', '2026-01-15'],
    ['a day that does not exist', '2026-02-30T10:00:00Z'],
    ['not a date', 'gisteren'],
  ])('refuses occurredAt %s', async (_label, occurredAt) => {
    expect(problemFields(expectProblem(await post(contact({ occurredAt })), 400, 'VALIDATION_FAILED'))).toEqual(['occurredAt']);
  });

  it('requires a note of at most 2000 characters that is not only spaces', async () => {
    expect((await post(contact({ note: 'x'.repeat(2000) }))).status).toBe(201);
    expect(problemFields(expectProblem(await post(contact({ note: 'x'.repeat(2001) })), 400))).toEqual(['note']);
    expect(problemFields(expectProblem(await post(contact({ note: '   ' })), 400))).toEqual(['note']);
    const { note: _note, ...withoutNote } = contact();
    expect(problemFields(expectProblem(await post(withoutNote), 400))).toEqual(['note']);
  });

  it('refuses an unknown kind and unknown fields', async () => {
    expect(problemFields(expectProblem(await post(contact({ kind: 'email' })), 400))).toEqual(['kind']);
    expect(problemFields(expectProblem(await post(contact({ recordedById: f.supervisor.id })), 400))).toEqual(['recordedById']);
  });

  it('refuses members of another household, removed members and duplicates, naming the entry', async () => {
    const [ownParent, ownChild] = await memberIdsOf(householdId);
    const [foreignMember] = await memberIdsOf(await c.registerHousehold(f.coordinator));
    const foreign = expectProblem(await post(contact({ memberIds: [ownParent, foreignMember] })), 422, 'MEMBER_NOT_IN_HOUSEHOLD');
    expect(problemFields(foreign)).toEqual(['memberIds[1]']);

    expect((await api().delete(`/api/v1/households/${householdId}/members/${ownChild}`).set(bearer(f.coordinator))).status).toBe(204);
    expect(problemFields(expectProblem(await post(contact({ memberIds: [ownChild] })), 422, 'MEMBER_NOT_IN_HOUSEHOLD'))).toEqual(['memberIds[0]']);

    expect(problemFields(expectProblem(await post(contact({ memberIds: [ownParent, ownParent] })), 400))).toEqual(['memberIds']);
    expect(problemFields(expectProblem(await post(contact({ memberIds: ['not-a-uuid'] })), 400))).toEqual(['memberIds']);
  });

  it('refuses contact moments on a closed household (409)', async () => {
    const closedId = await household();
    expect((await api().post(`/api/v1/households/${closedId}/close`).set(bearer(f.supervisor)).send({ reason: 'Doelen bereikt' })).status).toBe(200);
    expectProblem(await api().post(`/api/v1/households/${closedId}/contacts`).set(bearer(f.supervisor)).send(contact()), 409, 'HOUSEHOLD_CLOSED');
  });

  it('a malformed household id is a 400 naming householdId', async () => {
    expect(problemFields(expectProblem(await api().post('/api/v1/households/nope/contacts').set(bearer(f.coordinator)).send(contact()), 400))).toEqual(['householdId']);
  });
});
