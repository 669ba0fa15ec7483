import request from 'supertest';
import { Clock } from '../../src/common/clock.js';
import { bearer, createTenantFixture, expectProblem, problemFields, startTestApp, type TenantFixture, type TestApp, systemDb } from './harness/index.js';
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
const addDays = (date: string, days: number) => new Date(Date.parse(`${date}T00:00:00Z`) + days * 86_400_000).toISOString().slice(0, 10);
const today = () => t.app.get(Clock).today();

async function household(): Promise<{ householdId: string; parentId: string; childId: string }> {
  const { householdId } = await c.caseWithPlan(f);
  const res = await api().get(`/api/v1/households/${householdId}`).set(bearer(f.coordinator));
  const [parentId, childId] = (res.body.members as Array<{ id: string }>).map((m) => m.id);
  return { householdId, parentId: parentId!, childId: childId! };
}

const scores = (map: Record<string, number>) => Object.entries(map).map(([domainCode, score]) => ({ domainCode, score }));

async function record(householdId: string, body: Record<string, unknown>, as = f.coordinator) {
  return api().post(`/api/v1/households/${householdId}/assessments`).set(bearer(as)).send(body);
}

async function recorded(householdId: string, body: Record<string, unknown>): Promise<string> {
  const res = await record(householdId, body);
  expect(res.status).toBe(201);
  return res.body.id as string;
}

describe('recording assessments', () => {
  it('scores a member per life domain: 201 with Location, scores in the municipality’s domain order, the total and who scored', async () => {
    const { householdId, parentId } = await household();
    const res = await record(householdId, { memberId: parentId, assessedOn: '2026-01-10', scores: scores({ parenting: 2, finances: 1, housing: 4 }) });
    expect(res.status).toBe(201);
    expect(res.headers.location).toBe(`/api/v1/households/${householdId}/assessments/${res.body.id}`);
    expect(res.body).toEqual({
      id: expect.any(String),
      householdId,
      member: { memberId: parentId, name: 'Samira Jansen' },
      assessedOn: '2026-01-10',
      assessedBy: { professionalId: f.coordinator.id, name: 'Carla Coordinator' },
      scores: [
        { domainCode: 'finances', score: 1 },
        { domainCode: 'housing', score: 4 },
        { domainCode: 'parenting', score: 2 },
      ],
      total: 7,
      createdAt: expect.any(String),
    });
    const again = await api().get(res.headers.location as string).set(bearer(f.coordinator));
    expect(again.body).toEqual(res.body);
  });

  it('scores the whole household when memberId is omitted, and writes assessment.recorded with ids and codes only', async () => {
    const { householdId } = await household();
    const res = await record(householdId, { assessedOn: today(), scores: scores({ finances: 3 }) });
    expect(res.status).toBe(201);
    expect(res.body.member).toBeNull();
    const events = await db().query(`SELECT aggregate_type, aggregate_id, payload FROM outbox_event WHERE household_id = $1 AND type = 'assessment.recorded'`, [householdId]);
    expect(events).toEqual([{ aggregate_type: 'assessment', aggregate_id: res.body.id, payload: { memberId: null, domainCodes: ['finances'] } }]);
  });

  it('lists the history newest first by assessment date, filtered by member or household, in cursor pages', async () => {
    const { householdId, parentId, childId } = await household();
    const a1 = await recorded(householdId, { memberId: parentId, assessedOn: '2025-06-01', scores: scores({ finances: 1 }) });
    const a2 = await recorded(householdId, { assessedOn: '2025-09-01', scores: scores({ finances: 2 }) });
    const a3 = await recorded(householdId, { memberId: parentId, assessedOn: '2025-12-01', scores: scores({ finances: 3 }) });
    const a4 = await recorded(householdId, { memberId: childId, assessedOn: '2025-03-01', scores: scores({ finances: 4 }) });
    const a5 = await recorded(householdId, { memberId: parentId, assessedOn: '2025-06-01', scores: scores({ finances: 5 }) });

    const ids = (res: request.Response) => (res.body.items as Array<{ id: string }>).map((i) => i.id);
    const all = await api().get(`/api/v1/households/${householdId}/assessments`).set(bearer(f.coordinator));
    // Same date: the one entered later first.
    expect(ids(all)).toEqual([a3, a2, a5, a1, a4]);
    expect(all.body.items[0].total).toBe(3);

    const page1 = await api().get(`/api/v1/households/${householdId}/assessments?memberId=${parentId}&limit=2`).set(bearer(f.coordinator));
    expect(ids(page1)).toEqual([a3, a5]);
    const page2 = await api().get(`/api/v1/households/${householdId}/assessments?memberId=${parentId}&limit=2&cursor=${page1.body.nextCursor as string}`).set(bearer(f.coordinator));
    expect(ids(page2)).toEqual([a1]);
    expect(page2.body.nextCursor).toBeNull();

    const wholeHousehold = await api().get(`/api/v1/households/${householdId}/assessments?householdOnly=true`).set(bearer(f.coordinator));
    expect(ids(wholeHousehold)).toEqual([a2]);
    const both = await api().get(`/api/v1/households/${householdId}/assessments?householdOnly=true&memberId=${parentId}`).set(bearer(f.coordinator));
    expect(problemFields(expectProblem(both, 422, 'VALUE_NOT_ALLOWED'))).toEqual(['householdOnly']);
  });

  it('a partner on the care team may record; a partner not on it gets 404; a coordinator seeing a waiting household gets 403', async () => {
    const { householdId } = await household();
    expectProblem(await record(householdId, { assessedOn: today(), scores: scores({ finances: 3 }) }, f.partner), 404, 'HOUSEHOLD_NOT_FOUND');
    expectProblem(await api().get(`/api/v1/households/${householdId}/assessments`).set(bearer(f.partner)), 404);
    const link = await linkCareTeam(t, householdId, f.coordinator, { organisationId: f.partnerOrganisationId, professionalId: f.partner.id, role: 'jeugdhulp', basis: 'consent' });
    expect(link.status).toBe(201);
    const byPartner = await record(householdId, { assessedOn: today(), scores: scores({ parenting: 3 }) }, f.partner);
    expect(byPartner.status).toBe(201);
    expect(byPartner.body.assessedBy.professionalId).toBe(f.partner.id);
    expect((await record(householdId, { assessedOn: today(), scores: scores({ parenting: 4 }) }, f.supervisor)).status).toBe(201);

    const waiting = await c.registerHousehold(f.coordinator);
    expectProblem(await record(waiting, { assessedOn: today(), scores: scores({ finances: 3 }) }, f.secondCoordinator), 403, 'NOT_ALLOWED_FOR_HOUSEHOLD');
  });

  it('another municipality gets 404 on every assessment route', async () => {
    const { householdId } = await household();
    const a = await recorded(householdId, { assessedOn: today(), scores: scores({ finances: 3 }) });
    expectProblem(await record(householdId, { assessedOn: today(), scores: scores({ finances: 3 }) }, other.supervisor), 404);
    expectProblem(await api().get(`/api/v1/households/${householdId}/assessments`).set(bearer(other.supervisor)), 404);
    expectProblem(await api().get(`/api/v1/households/${householdId}/assessments/${a}`).set(bearer(other.supervisor)), 404);
    expectProblem(await api().get(`/api/v1/households/${householdId}/assessments/compare?from=${a}&to=${a}`).set(bearer(other.supervisor)), 404);
  });
});

describe('validation of assessments', () => {
  let householdId: string;
  beforeAll(async () => {
    ({ householdId } = await household());
  });
  const post = (body: Record<string, unknown>) => record(householdId, body);

  it('accepts today, refuses tomorrow (in Dutch time), naming assessedOn', async () => {
    expect((await post({ assessedOn: today(), scores: scores({ finances: 3 }) })).status).toBe(201);
    const problem = expectProblem(await post({ assessedOn: addDays(today(), 1), scores: scores({ finances: 3 }) }), 422, 'ASSESSED_ON_IN_FUTURE');
    expect(problemFields(problem)).toEqual(['assessedOn']);
    expect(problemFields(expectProblem(await post({ assessedOn: '2026-02-30', scores: scores({ finances: 3 }) }), 400))).toEqual(['assessedOn']);
  });

  it('scores run from 1 to 5: 0 and 6 are refused naming the entry', async () => {
    expect((await post({ assessedOn: today(), scores: scores({ finances: 1, housing: 5 }) })).status).toBe(201);
    expect(problemFields(expectProblem(await post({ assessedOn: today(), scores: scores({ finances: 0 }) }), 400))).toEqual(['scores[0].score']);
    expect(problemFields(expectProblem(await post({ assessedOn: today(), scores: scores({ finances: 3, housing: 6 }) }), 400))).toEqual(['scores[1].score']);
    expect(problemFields(expectProblem(await post({ assessedOn: today(), scores: [{ domainCode: 'finances', score: 2.5 }] }), 400))).toEqual(['scores[0].score']);
  });

  it('each domain at most once; between 1 and 14 entries', async () => {
    const duplicate = [
      { domainCode: 'finances', score: 2 },
      { domainCode: 'finances', score: 3 },
    ];
    expect(problemFields(expectProblem(await post({ assessedOn: today(), scores: duplicate }), 422, 'VALUE_NOT_ALLOWED'))).toEqual(['scores']);
    expect(problemFields(expectProblem(await post({ assessedOn: today(), scores: [] }), 400))).toEqual(['scores']);
    const fifteen = Array.from({ length: 15 }, (_, i) => ({ domainCode: `domain_${i}`, score: 3 }));
    expect(problemFields(expectProblem(await post({ assessedOn: today(), scores: fifteen }), 400))).toEqual(['scores']);
    const all14 = (await api().get('/api/v1/life-domains').set(bearer(f.coordinator))).body as Array<{ code: string }>;
    expect(all14).toHaveLength(14);
    const full = await post({ assessedOn: today(), scores: all14.map((d) => ({ domainCode: d.code, score: 3 })) });
    expect(full.status).toBe(201);
    expect(full.body.total).toBe(42);
  });

  it("a domain that is not one of the municipality's active life domains is a 422 naming the entry", async () => {
    const unknown = expectProblem(await post({ assessedOn: today(), scores: scores({ finances: 3, astrology: 2 }) }), 422, 'UNKNOWN_LIFE_DOMAIN');
    expect(problemFields(unknown)).toEqual(['scores[1].domainCode']);
    expect(JSON.stringify(unknown)).not.toContain('astrology');
    await db().query(`UPDATE life_domain SET active = false WHERE tenant_id = $1 AND code = 'justice'`, [f.tenantId]);
    try {
      expect(problemFields(expectProblem(await post({ assessedOn: today(), scores: scores({ justice: 3 }) }), 422, 'UNKNOWN_LIFE_DOMAIN'))).toEqual(['scores[0].domainCode']);
    } finally {
      await db().query(`UPDATE life_domain SET active = true WHERE tenant_id = $1 AND code = 'justice'`, [f.tenantId]);
    }
  });

  it('a member of another household, or a removed member, is a 422 naming memberId', async () => {
    const { parentId: foreignMember } = await household();
    expect(problemFields(expectProblem(await post({ memberId: foreignMember, assessedOn: today(), scores: scores({ finances: 3 }) }), 422, 'MEMBER_NOT_IN_HOUSEHOLD'))).toEqual([
      'memberId',
    ]);
    const { householdId: h2, childId } = await household();
    expect((await api().delete(`/api/v1/households/${h2}/members/${childId}`).set(bearer(f.coordinator))).status).toBe(204);
    expect(problemFields(expectProblem(await record(h2, { memberId: childId, assessedOn: today(), scores: scores({ finances: 3 }) }), 422))).toEqual(['memberId']);
    expect(problemFields(expectProblem(await post({ memberId: 'x', assessedOn: today(), scores: scores({ finances: 3 }) }), 400))).toEqual(['memberId']);
  });

  it('refuses assessments on a closed household (409)', async () => {
    const { householdId: closedId } = await household();
    expect((await api().post(`/api/v1/households/${closedId}/close`).set(bearer(f.supervisor)).send({ reason: 'Doelen bereikt' })).status).toBe(200);
    expectProblem(await record(closedId, { assessedOn: today(), scores: scores({ finances: 3 }) }, f.supervisor), 409, 'HOUSEHOLD_CLOSED');
  });
});

describe('comparing two assessments', () => {
  it('gives from, to and change per domain in domain order, the total change and the like-for-like change', async () => {
    const { householdId, parentId } = await household();
    const from = await recorded(householdId, { memberId: parentId, assessedOn: '2025-01-15', scores: scores({ parenting: 1, finances: 2, housing: 3 }) });
    const to = await recorded(householdId, { memberId: parentId, assessedOn: '2025-07-15', scores: scores({ finances: 4, housing: 3, mental_health: 2 }) });
    const res = await api().get(`/api/v1/households/${householdId}/assessments/compare?from=${from}&to=${to}`).set(bearer(f.coordinator));
    expect(res.status).toBe(200);
    expect(res.body).toEqual({
      householdId,
      member: { memberId: parentId, name: 'Samira Jansen' },
      from: { id: from, assessedOn: '2025-01-15', total: 6, domainCount: 3 },
      to: { id: to, assessedOn: '2025-07-15', total: 9, domainCount: 3 },
      domains: [
        { domainCode: 'finances', from: 2, to: 4, change: 2 },
        { domainCode: 'housing', from: 3, to: 3, change: 0 },
        { domainCode: 'mental_health', from: null, to: 2, change: null },
        { domainCode: 'parenting', from: 1, to: null, change: null },
      ],
      totalChange: 3,
      commonDomainsChange: 2,
    });

    const backwards = await api().get(`/api/v1/households/${householdId}/assessments/compare?from=${to}&to=${from}`).set(bearer(f.coordinator));
    expect(backwards.body.totalChange).toBe(-3);
    expect(backwards.body.domains[0]).toEqual({ domainCode: 'finances', from: 4, to: 2, change: -2 });
  });

  it('refuses assessments of different subjects (422 naming to) and of another household (404 naming the field)', async () => {
    const { householdId, parentId, childId } = await household();
    const parent = await recorded(householdId, { memberId: parentId, assessedOn: '2025-01-15', scores: scores({ finances: 2 }) });
    const child = await recorded(householdId, { memberId: childId, assessedOn: '2025-02-15', scores: scores({ finances: 2 }) });
    const whole = await recorded(householdId, { assessedOn: '2025-03-15', scores: scores({ finances: 2 }) });
    const compare = (from: string, to: string) => api().get(`/api/v1/households/${householdId}/assessments/compare?from=${from}&to=${to}`).set(bearer(f.coordinator));
    expect(problemFields(expectProblem(await compare(parent, child), 422, 'ASSESSMENTS_NOT_COMPARABLE'))).toEqual(['to']);
    expect(problemFields(expectProblem(await compare(whole, parent), 422, 'ASSESSMENTS_NOT_COMPARABLE'))).toEqual(['to']);

    const { householdId: elsewhere } = await household();
    const foreign = await recorded(elsewhere, { assessedOn: '2025-03-15', scores: scores({ finances: 2 }) });
    expect(problemFields(expectProblem(await compare(foreign, whole), 404, 'ASSESSMENT_NOT_FOUND'))).toEqual(['from']);
    expect(problemFields(expectProblem(await compare(whole, foreign), 404, 'ASSESSMENT_NOT_FOUND'))).toEqual(['to']);
    expect(problemFields(expectProblem(await api().get(`/api/v1/households/${householdId}/assessments/compare?from=${whole}`).set(bearer(f.coordinator)), 400))).toEqual(['to']);
  });
});
