import { randomUUID } from 'node:crypto';
import request from 'supertest';
import { bearer, createTenantFixture, expectProblem, problemFields, startTestApp, type TenantFixture, type TestApp, type UserFixture, systemDb } from './harness/index.js';
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
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

interface Entry {
  id: string;
  at: string;
  type: string;
  actor: { professionalId: string; name: string } | null;
  data: Record<string, unknown>;
}

async function ok(req: PromiseLike<request.Response>, status = 200): Promise<request.Response> {
  const res = await req;
  if (res.status !== status) throw new Error(`${res.status} ${res.text}`);
  return res;
}

/** A signal event shaped as src/signals writes it (ids only), at a chosen moment. */
async function signalEvent(householdId: string, type: 'signal.received' | 'signal.matched', at: Date, organisationId: string, matchId?: string): Promise<string> {
  const signalId = randomUUID();
  const payload = matchId ? { matchId, householdId, signalIds: [signalId], organisationIds: [organisationId] } : { signalId, organisationId };
  await db().query(
    `INSERT INTO outbox_event (tenant_id, type, aggregate_type, aggregate_id, household_id, actor_id, payload, occurred_at)
     VALUES ($1, $2, 'signal', $3, $4, NULL, $5::jsonb, $6)`,
    [f.tenantId, type, signalId, householdId, JSON.stringify(payload), at],
  );
  return signalId;
}

async function timeline(householdId: string, as: UserFixture, query = ''): Promise<request.Response> {
  return api().get(`/api/v1/households/${householdId}/timeline${query}`).set(bearer(as));
}

async function allPages(householdId: string, as: UserFixture, limit: number): Promise<{ entries: Entry[]; pages: number }> {
  const entries: Entry[] = [];
  let cursor: string | null = null;
  let pages = 0;
  do {
    const res = await timeline(householdId, as, `?limit=${limit}${cursor ? `&cursor=${cursor}` : ''}`);
    expect(res.status).toBe(200);
    entries.push(...(res.body.items as Entry[]));
    cursor = res.body.nextCursor as string | null;
    pages++;
  } while (cursor);
  return { entries, pages };
}

describe('the household timeline', () => {
  let householdId: string;
  let ids: Record<string, string>;
  let full: Entry[];

  beforeAll(async () => {
    householdId = await c.registerHousehold(f.coordinator);
    await c.assignCoordinator(f.coordinator, householdId, f.coordinator, 'Wijkteam pakt op');
    const link = await ok(
      linkCareTeam(t, householdId, f.coordinator, { organisationId: f.partnerOrganisationId, professionalId: f.partner.id, role: 'jeugdhulp', basis: 'consent' }),
      201,
    );
    const plan = await ok(api().post(`/api/v1/households/${householdId}/plan`).set(bearer(f.coordinator)).send({ familyWishes: 'Rust in huis' }), 201);
    await ok(api().patch(`/api/v1/households/${householdId}/plan`).set(bearer(f.coordinator)).set('If-Match', plan.headers.etag as string).send({ familyWishes: 'Rust en regelmaat' }));
    await ok(
      api().post(`/api/v1/households/${householdId}/members`).set(bearer(f.coordinator)).send({ givenName: 'Lina', familyName: 'Jansen', dateOfBirth: '2019-04-01', role: 'child' }),
      201,
    );
    const members = (await ok(api().get(`/api/v1/households/${householdId}`).set(bearer(f.coordinator)))).body.members as Array<{ id: string; givenName: string }>;
    const parentId = members.find((m) => m.givenName === 'Samira')!.id;
    const contact = await ok(
      api()
        .post(`/api/v1/households/${householdId}/contacts`)
        .set(bearer(f.partner))
        .send({ kind: 'home_visit', occurredAt: new Date(Date.now() - 3_600_000).toISOString(), note: 'Huisbezoek met moeder', memberIds: [parentId] }),
      201,
    );
    // A signal whose event is written later but dated between the contact and the assessment.
    await sleep(5);
    const between = new Date();
    await sleep(5);
    const assessment = await ok(
      api()
        .post(`/api/v1/households/${householdId}/assessments`)
        .set(bearer(f.coordinator))
        .send({ memberId: parentId, assessedOn: '2026-01-05', scores: [{ domainCode: 'finances', score: 2 }, { domainCode: 'housing', score: 4 }] }),
      201,
    );
    const match = randomUUID();
    const matchedSignal = await signalEvent(householdId, 'signal.matched', new Date(), f.partnerOrganisationId, match);
    const escalation = await ok(api().post(`/api/v1/households/${householdId}/escalations`).set(bearer(f.coordinator)).send({ reason: 'Schuldhulp stokt' }), 201);
    await ok(api().post(`/api/v1/escalations/${escalation.body.id as string}/resolve`).set(bearer(f.supervisor)).send({ outcome: 'Afspraak met schuldhulp' }));
    await ok(api().post(`/api/v1/households/${householdId}/status`).set(bearer(f.coordinator)).send({ status: 'aftercare' }));
    await c.assignCoordinator(f.coordinator, householdId, f.secondCoordinator, 'Verlof');
    await ok(api().delete(`/api/v1/households/${householdId}/care-team/${link.body.id as string}?reason=Traject%20afgerond`).set(bearer(f.secondCoordinator)), 204);
    await ok(api().post(`/api/v1/households/${householdId}/close`).set(bearer(f.supervisor)).send({ reason: 'Doelen bereikt' }));
    await ok(api().post(`/api/v1/households/${householdId}/reopen`).set(bearer(f.supervisor)).send({ reason: 'Nieuwe zorgen gemeld' }));
    const receivedSignal = await signalEvent(householdId, 'signal.received', between, f.partnerOrganisationId);
    ids = {
      link: link.body.id,
      plan: plan.body.id,
      contact: contact.body.id,
      assessment: assessment.body.id,
      escalation: escalation.body.id,
      parent: parentId,
      match,
      matchedSignal,
      receivedSignal,
    };
    const res = await timeline(householdId, f.supervisor, '?limit=100');
    expect(res.status).toBe(200);
    full = res.body.items as Entry[];
  });

  it('lists every kind of change newest first, by when it happened (not by when it was written)', () => {
    expect(full.map((e) => e.type)).toEqual([
      'household.reopened',
      'household.closed',
      'care_team.changed',
      'coordinator.handed_over',
      'household.status_changed',
      'escalation.resolved',
      'escalation.opened',
      'signal.matched',
      'assessment.recorded',
      'signal.received',
      'contact.recorded',
      'plan.updated',
      'plan.created',
      'care_team.changed',
      'coordinator.assigned',
      'household.registered',
    ]);
    const times = full.map((e) => Date.parse(e.at));
    expect([...times].sort((a, b) => b - a)).toEqual(times);
  });

  it('each entry says who did it and carries the data of its type', () => {
    const byType = (type: string, nth = 0) => full.filter((e) => e.type === type)[nth]!;
    const coordinator = { professionalId: f.coordinator.id, name: 'Carla Coordinator' };
    const secondCoordinator = { professionalId: f.secondCoordinator.id, name: 'Chris Coordinator' };
    const supervisor = { professionalId: f.supervisor.id, name: 'Sanne Supervisor' };

    expect(byType('household.registered')).toMatchObject({ actor: coordinator, data: { episode: 1 } });
    expect(byType('coordinator.assigned')).toMatchObject({ actor: coordinator, data: { coordinator, previousCoordinator: null, reason: 'Wijkteam pakt op' } });
    expect(byType('coordinator.handed_over')).toMatchObject({ actor: coordinator, data: { coordinator: secondCoordinator, previousCoordinator: coordinator, reason: 'Verlof' } });
    expect(byType('care_team.changed', 1)).toEqual(
      expect.objectContaining({
        actor: coordinator,
        data: {
          linkId: ids.link,
          change: 'added',
          organisation: { organisationId: f.partnerOrganisationId, name: 'Jeugdhulp Midden' },
          professional: { professionalId: f.partner.id, name: 'Pieter Partner' },
          role: 'jeugdhulp',
          basis: 'consent',
          endReason: null,
        },
      }),
    );
    expect(byType('care_team.changed', 0)).toMatchObject({ actor: secondCoordinator, data: { change: 'ended', endReason: 'Traject afgerond' } });
    expect(byType('plan.created')).toMatchObject({ data: { planId: ids.plan, revision: 1, changes: [{ op: 'create', target: 'plan', id: ids.plan }] } });
    expect(byType('plan.updated')).toMatchObject({ data: { planId: ids.plan, revision: 2, changes: [{ op: 'update', target: 'plan', id: ids.plan, fields: ['familyWishes'] }] } });
    expect(byType('contact.recorded')).toEqual(
      expect.objectContaining({
        actor: { professionalId: f.partner.id, name: 'Pieter Partner' },
        data: {
          contactId: ids.contact,
          kind: 'home_visit',
          occurredAt: expect.any(String),
          note: 'Huisbezoek met moeder',
          members: [{ memberId: ids.parent, name: 'Samira Jansen' }],
        },
      }),
    );
    expect(byType('assessment.recorded').data).toEqual({
      assessmentId: ids.assessment,
      assessedOn: '2026-01-05',
      member: { memberId: ids.parent, name: 'Samira Jansen' },
      total: 6,
      domainCount: 2,
    });
    expect(byType('signal.matched')).toEqual(
      expect.objectContaining({
        actor: null,
        data: {
          signalId: ids.matchedSignal,
          matchId: ids.match,
          signalIds: [ids.matchedSignal],
          organisations: [{ organisationId: f.partnerOrganisationId, name: 'Jeugdhulp Midden' }],
        },
      }),
    );
    expect(byType('escalation.opened')).toMatchObject({ actor: coordinator, data: { escalationId: ids.escalation, reason: 'Schuldhulp stokt', outcome: null, resolved: true } });
    expect(byType('escalation.resolved')).toMatchObject({ actor: supervisor, data: { escalationId: ids.escalation, reason: 'Schuldhulp stokt', outcome: 'Afspraak met schuldhulp' } });
    expect(byType('household.status_changed')).toMatchObject({ actor: coordinator, data: { from: 'active', to: 'aftercare' } });
    expect(byType('household.closed')).toMatchObject({ actor: supervisor, data: { episode: 1, reason: 'Doelen bereikt' } });
    expect(byType('household.reopened')).toMatchObject({ actor: supervisor, data: { episode: 2, reason: 'Nieuwe zorgen gemeld' } });
  });

  it('pages through the same entries with a cursor, without gaps or repeats', async () => {
    const { entries, pages } = await allPages(householdId, f.supervisor, 5);
    expect(pages).toBe(4);
    expect(entries.map((e) => e.id)).toEqual(full.map((e) => e.id));
  });

  it('filters by entry type', async () => {
    const res = await timeline(householdId, f.supervisor, '?types=escalation.opened,contact.recorded,signal.received');
    expect(res.status).toBe(200);
    expect((res.body.items as Entry[]).map((e) => e.type)).toEqual(['escalation.opened', 'signal.received', 'contact.recorded']);
    const repeated = await timeline(householdId, f.supervisor, '?types=plan.created&types=plan.updated&limit=1');
    expect((repeated.body.items as Entry[]).map((e) => e.type)).toEqual(['plan.updated']);
    const next = await timeline(householdId, f.supervisor, `?types=plan.created&types=plan.updated&limit=1&cursor=${repeated.body.nextCursor as string}`);
    expect((next.body.items as Entry[]).map((e) => e.type)).toEqual(['plan.created']);
    expect(next.body.nextCursor).toBeNull();
  });

  it('refuses unknown types and edited cursors, naming the parameter', async () => {
    expect(problemFields(expectProblem(await timeline(householdId, f.supervisor, '?types=contact.recorded,member.added'), 400))).toEqual(['types']);
    expect(problemFields(expectProblem(await timeline(householdId, f.supervisor, '?types='), 400))).toEqual(['types']);
    expect(problemFields(expectProblem(await timeline(householdId, f.supervisor, '?cursor=WyJ4Il0'), 400, 'INVALID_CURSOR'))).toEqual(['cursor']);
  });

  it('leaves out changes that are not case history (member edits) and names nobody in event payloads', async () => {
    expect(full.some((e) => e.type.startsWith('member.'))).toBe(false);
    const payloads = await db().query(`SELECT payload::text AS p FROM outbox_event WHERE household_id = $1`, [householdId]);
    for (const { p } of payloads as Array<{ p: string }>) expect(p).not.toMatch(/Samira|Huisbezoek|Schuldhulp|Doelen/);
  });

  it('only those who may see the household see its timeline: the ended partner and another municipality get 404', async () => {
    expectProblem(await timeline(householdId, f.partner), 404, 'HOUSEHOLD_NOT_FOUND');
    expectProblem(await timeline(householdId, other.supervisor), 404, 'HOUSEHOLD_NOT_FOUND');
    expectProblem(await timeline(householdId, f.secondPartner), 404);
  });
});

describe('the timeline for the people on the case', () => {
  it('a partner on the care team sees it; the coordinator sees it; a partner not on it gets 404', async () => {
    const { householdId } = await c.caseWithPlan(f);
    expectProblem(await timeline(householdId, f.partner), 404);
    await ok(
      linkCareTeam(t, householdId, f.coordinator, { organisationId: f.partnerOrganisationId, professionalId: f.partner.id, role: 'jeugdhulp', basis: 'consent' }),
      201,
    );
    const seen = await timeline(householdId, f.partner);
    expect(seen.status).toBe(200);
    expect((seen.body.items as Entry[]).map((e) => e.type)).toEqual(['care_team.changed', 'plan.created', 'coordinator.assigned', 'household.registered']);
    expect((await timeline(householdId, f.coordinator)).status).toBe(200);
    expectProblem(await timeline(householdId, f.secondPartner), 404);
  });

  it('an empty page for a filter nothing matches', async () => {
    const { householdId } = await c.caseWithPlan(f);
    const res = await timeline(householdId, f.coordinator, '?types=escalation.resolved');
    expect(res.body).toEqual({ items: [], nextCursor: null });
  });
});
