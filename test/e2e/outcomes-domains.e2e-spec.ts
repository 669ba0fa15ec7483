import request from 'supertest';
import { bearer, createTenantFixture, expectProblem, startTestApp, type TenantFixture, type TestApp } from './harness/index.js';
import { caseApi } from './support/case.js';
import { dateIn } from './support/days.js';

let t: TestApp;
let f: TenantFixture;
let c: ReturnType<typeof caseApi>;

beforeAll(async () => {
  t = await startTestApp();
  f = await createTenantFixture(t.app, 'Wijkgemeente');
  c = caseApi(t);
});

afterAll(async () => {
  await t?.close();
});

const api = () => request(t.http);
const month = dateIn(0).slice(0, 7);

/** A household in care in `district` with a plan and one goal per domain; optionally a low household-level score. */
async function withGoals(district: string, domains: string[], lowIn?: string): Promise<string> {
  const householdId = await c.registerHousehold(f.coordinator, { district });
  await c.assignCoordinator(f.coordinator, householdId, f.coordinator);
  const plan = await api().post(`/api/v1/households/${householdId}/plan`).set(bearer(f.coordinator)).send({ familyWishes: 'Rust', reviewDate: dateIn(90) });
  let etag = plan.headers.etag as string;
  for (const domainCode of domains) {
    const goal = await api().post(`/api/v1/households/${householdId}/plan/goals`).set(bearer(f.coordinator)).set('If-Match', etag).send({ domainCode, title: 'Doel' });
    expect(goal.status).toBe(201);
    etag = goal.headers.etag as string;
  }
  if (lowIn) {
    const scored = await api().post(`/api/v1/households/${householdId}/assessments`).set(bearer(f.coordinator)).send({ assessedOn: dateIn(0), scores: [{ domainCode: lowIn, score: 1 }] });
    expect(scored.status).toBe(201);
  }
  return householdId;
}

interface Cell {
  value: number | null;
  suppressed: boolean;
}
interface Figure {
  total: Cell;
  districts: Array<{ district: string; count: Cell }>;
}
type Report = { domains: Array<{ code: string; months: Array<{ month: string; householdsWithGoals: Figure; lowSelfReliance: Figure; recurrence: Figure }> }> };
const figureOf = (report: Report, domain: string, metric: 'householdsWithGoals' | 'lowSelfReliance' | 'recurrence') =>
  report.domains.find((d) => d.code === domain)!.months.find((m) => m.month === month)![metric];
const districtCell = (figure: Figure, district: string) => figure.districts.find((d) => d.district === district)!.count;

describe('GET /supervision/outcomes/domains', () => {
  it('counts households per life domain and district, with no count of 1–4 shown and none derivable by subtraction', async () => {
    for (let i = 0; i < 6; i++) await withGoals('Noord', ['finances', 'housing'], i < 5 ? 'finances' : undefined);
    await withGoals('Zuid', ['finances']);
    await withGoals('Zuid', ['parenting']);

    const res = await api().get(`/api/v1/supervision/outcomes/domains?from=${month}&to=${month}`).set(bearer(f.supervisor));
    expect(res.status).toBe(200);
    const report = res.body as Report & { minimumGroupSize: number };
    expect(report.minimumGroupSize).toBe(5);

    // finances: 7 in all, 6 in Noord and 1 in Zuid — Zuid is small, so Noord is hidden too (7 − 6 would give it away)
    const finances = figureOf(report, 'finances', 'householdsWithGoals');
    expect(finances.total).toEqual({ value: 7, suppressed: false });
    expect(districtCell(finances, 'Zuid')).toEqual({ value: null, suppressed: true });
    expect(districtCell(finances, 'Noord')).toEqual({ value: null, suppressed: true });
    // housing: 6, all in Noord; Zuid is a true zero and names nobody
    const housing = figureOf(report, 'housing', 'householdsWithGoals');
    expect(housing.total).toEqual({ value: 6, suppressed: false });
    expect(districtCell(housing, 'Noord')).toEqual({ value: 6, suppressed: false });
    expect(districtCell(housing, 'Zuid')).toEqual({ value: 0, suppressed: false });
    // parenting: one household — hidden everywhere
    const parenting = figureOf(report, 'parenting', 'householdsWithGoals');
    expect(parenting.total).toEqual({ value: null, suppressed: true });
    expect(districtCell(parenting, 'Zuid')).toEqual({ value: null, suppressed: true });
    // low self-reliance in finances: 5 households in Noord
    const low = figureOf(report, 'finances', 'lowSelfReliance');
    expect(low.total).toEqual({ value: 5, suppressed: false });
    expect(districtCell(low, 'Noord')).toEqual({ value: 5, suppressed: false });
    // nothing anywhere shows 1–4
    const all = JSON.stringify(report);
    expect(all).not.toMatch(/"value":[1-4][,}]/);
  });

  it('answers CSV for Excel, refuses other roles and bad periods', async () => {
    const csv = await api().get(`/api/v1/supervision/outcomes/domains?from=${month}&to=${month}`).set(bearer(f.supervisor)).set('Accept', 'text/csv');
    expect(csv.status).toBe(200);
    expect(csv.headers['content-type']).toMatch(/^text\/csv/);
    const lines = csv.text.split('\r\n');
    // every cell quoted (RFC 4180, see src/supervision/csv.ts)
    const q = (...cells: string[]) => cells.map((c) => `"${c}"`).join(';');
    expect(lines[0]).toBe(`\uFEFF${q('month', 'domain', 'figure', 'area', 'count', 'suppressed')}`);
    expect(lines).toContain(q(month, 'finances', 'householdsWithGoals', '', '7', 'false'));
    expect(lines).toContain(q(month, 'finances', 'householdsWithGoals', 'Zuid', '', 'true'));
    expect(lines.some((l) => /;"[1-4]";"false"$/.test(l))).toBe(false);
    expectProblem(await api().get('/api/v1/supervision/outcomes/domains').set(bearer(f.coordinator)), 403);
    expectProblem(await api().get('/api/v1/supervision/outcomes/domains?from=2026-13').set(bearer(f.supervisor)), 400);
  });
});
