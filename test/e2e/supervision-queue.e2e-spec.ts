import pg from 'pg';
import request from 'supertest';
import { Clock } from '../../src/common/clock.js';
import { bearer, createTenantFixture, expectProblem, problemFields, startTestApp, systemDb, type TenantFixture, type TestApp } from './harness/index.js';
import { caseApi } from './support/case.js';
import { dateIn, onDay as moveToDay } from './support/days.js';
import { linkCareTeam } from './support/care-team.js';

let t: TestApp;
let c: ReturnType<typeof caseApi>;
let f: TenantFixture;
/** vacant (Noord), noPlan (Zuid, partner on the care team), review (formula-like district), reviewAndActions (Noord). */
const h = { vacant: '', noPlan: '', review: '', reviewAndActions: '' };
const FORMULA_DISTRICT = '=HYPERLINK("x";"Oost")';

const api = () => request(t.http);


const onDay = (days: number) => moveToDay(t.app, days);

async function evaluate(): Promise<void> {
  expect((await api().post('/api/v1/supervision/stalled/evaluate').set(bearer(f.supervisor))).status).toBe(200);
}

async function planWith(householdId: string, reviewDate: string): Promise<string> {
  const res = await api().post(`/api/v1/households/${householdId}/plan`).set(bearer(f.supervisor)).send({ reviewDate });
  expect(res.status).toBe(201);
  return res.headers.etag as string;
}

interface Item {
  householdId: string;
  district: string;
  status: string;
  severity: number;
  daysStalled: number;
  stalledSince: string;
  coordination: { state: string; coordinator: { id: string; name: string } | null; since: string };
  rules: Array<{ rule: string; figures: Record<string, unknown> }>;
}

async function list(query: string, who = f.supervisor): Promise<Item[]> {
  const res = await api().get(`/api/v1/supervision/stalled?limit=100&${query}`).set(bearer(who));
  expect(res.status).toBe(200);
  return res.body.items as Item[];
}

const ids = (items: Item[]) => items.map((i) => i.householdId);

beforeAll(async () => {
  t = await startTestApp();
  c = caseApi(t);
  f = await createTenantFixture(t.app);
  onDay(0);
  h.vacant = await c.registerHousehold(f.coordinator, { district: 'Noord' });
  h.noPlan = await c.registerHousehold(f.coordinator, { district: 'Zuid' });
  await c.assignCoordinator(f.coordinator, h.noPlan, f.coordinator);
  const link = await linkCareTeam(t, h.noPlan, f.coordinator, { organisationId: f.partnerOrganisationId, role: 'jeugdhulp', basis: 'consent' });
  expect(link.status).toBe(201);
  h.review = await c.registerHousehold(f.coordinator, { district: FORMULA_DISTRICT });
  await c.assignCoordinator(f.supervisor, h.review, f.secondCoordinator);
  await planWith(h.review, dateIn(5));
  h.reviewAndActions = await c.registerHousehold(f.coordinator, { district: 'Noord' });
  await c.assignCoordinator(f.coordinator, h.reviewAndActions, f.coordinator);
  const etag = await planWith(h.reviewAndActions, dateIn(2));
  const goal = await api()
    .post(`/api/v1/households/${h.reviewAndActions}/plan/goals`)
    .set(bearer(f.coordinator))
    .set('If-Match', etag)
    .send({ domainCode: 'housing', title: 'Huurachterstand weg' });
  const action = await api()
    .post(`/api/v1/households/${h.reviewAndActions}/plan/goals/${goal.body.id}/actions`)
    .set(bearer(f.coordinator))
    .set('If-Match', goal.headers.etag as string)
    .send({ description: 'Betalingsregeling', owner: { type: 'organisation', id: f.ownOrganisationId }, dueDate: dateIn(0) });
  expect(action.status).toBe(201);

  onDay(3); // vacant: NO_COORDINATOR; reviewAndActions: REVIEW_OVERDUE
  await evaluate();
  onDay(15); // noPlan: NO_PLAN; review: REVIEW_OVERDUE; reviewAndActions: + ACTIONS_OVERDUE
  await evaluate();
});

afterAll(async () => {
  t.app.get(Clock).reset();
  await t?.close();
});

describe('the review queue', () => {
  it('sorts by severity (sum of rule weights), then longest stalled, with coordinator or vacancy, rules, figures and days stalled', async () => {
    const items = await list('sort=severity');
    const firstTwo = [h.vacant, h.reviewAndActions].sort();
    expect(ids(items)).toEqual([...firstTwo, h.noPlan, h.review]);
    expect(items.map((i) => i.severity)).toEqual([5, 5, 4, 2]);

    const vacant = items.find((i) => i.householdId === h.vacant)!;
    expect(vacant).toEqual(
      expect.objectContaining({ district: 'Noord', status: 'registered', daysStalled: 12, coordination: expect.objectContaining({ state: 'vacant', coordinator: null }) }),
    );
    expect(vacant.rules).toEqual([expect.objectContaining({ rule: 'NO_COORDINATOR', figures: expect.objectContaining({ days: 15 }) })]);

    const busy = items.find((i) => i.householdId === h.reviewAndActions)!;
    expect(busy.coordination).toEqual(expect.objectContaining({ state: 'assigned', coordinator: { id: f.coordinator.id, name: 'Carla Coordinator' } }));
    expect(busy.rules.map((r) => r.rule)).toEqual(['ACTIONS_OVERDUE', 'REVIEW_OVERDUE']);
    expect(busy.rules[0]!.figures).toEqual({ count: 1, days: 15, oldestDueDate: dateIn(0) });
  });

  it('sorts by age: longest stalled first', async () => {
    const items = await list('sort=age');
    expect(ids(items.slice(0, 2)).sort()).toEqual([h.vacant, h.reviewAndActions].sort());
    expect(ids(items.slice(2)).sort()).toEqual([h.noPlan, h.review].sort());
    expect(items.map((i) => i.daysStalled)).toEqual([12, 12, 0, 0]);
  });

  it.each(['severity', 'age'])('pages with a stable keyset cursor under sort=%s', async (sort) => {
    const all = ids(await list(`sort=${sort}`));
    const seen: string[] = [];
    let cursor: string | null = null;
    do {
      const res = await api()
        .get(`/api/v1/supervision/stalled?sort=${sort}&limit=1${cursor ? `&cursor=${cursor}` : ''}`)
        .set(bearer(f.supervisor));
      expect(res.status).toBe(200);
      seen.push(...ids(res.body.items as Item[]));
      cursor = res.body.nextCursor as string | null;
    } while (cursor);
    expect(seen).toEqual(all);
  });

  it('refuses a cursor of the other sort and unknown filter values', async () => {
    const first = await api().get('/api/v1/supervision/stalled?sort=severity&limit=1').set(bearer(f.supervisor));
    expectProblem(await api().get(`/api/v1/supervision/stalled?sort=age&cursor=${first.body.nextCursor}`).set(bearer(f.supervisor)), 400, 'INVALID_CURSOR');
    const bad = await api().get('/api/v1/supervision/stalled?rule=LATE&sort=random&coordinatorId=x&coordination=maybe').set(bearer(f.supervisor));
    expect(problemFields(expectProblem(bad, 400)).sort()).toEqual(['coordination', 'coordinatorId', 'rule', 'sort']);
  });

  it('filters by rule, district, coordinator, vacancy and care-team organisation', async () => {
    expect(ids(await list('rule=NO_PLAN'))).toEqual([h.noPlan]);
    expect(ids(await list('rule=REVIEW_OVERDUE')).sort()).toEqual([h.review, h.reviewAndActions].sort());
    expect(ids(await list('district=noord')).sort()).toEqual([h.vacant, h.reviewAndActions].sort());
    expect(ids(await list(`coordinatorId=${f.coordinator.id}`)).sort()).toEqual([h.noPlan, h.reviewAndActions].sort());
    expect(ids(await list('coordination=vacant'))).toEqual([h.vacant]);
    expect(ids(await list('coordination=assigned'))).toHaveLength(3);
    expect(ids(await list(`organisationId=${f.partnerOrganisationId}`))).toEqual([h.noPlan]);
    expect(ids(await list(`district=Noord&rule=ACTIONS_OVERDUE&coordinatorId=${f.coordinator.id}`))).toEqual([h.reviewAndActions]);
  });

  it('shows a coordinator only the households they coordinate; others get 403', async () => {
    expect(ids(await list('', f.coordinator)).sort()).toEqual([h.noPlan, h.reviewAndActions].sort());
    expect(ids(await list('', f.secondCoordinator))).toEqual([h.review]);
    expectProblem(await api().get(`/api/v1/supervision/stalled?coordinatorId=${f.secondCoordinator.id}`).set(bearer(f.coordinator)), 403, 'NOT_OWN_CASELOAD');
    expectProblem(await api().get('/api/v1/supervision/stalled').set(bearer(f.partner)), 403);
    expectProblem(await api().get('/api/v1/supervision/stalled').set(bearer(f.admin)), 403);
  });

  it('keeps municipalities apart', async () => {
    const other = await createTenantFixture(t.app);
    expect(await list('', other.supervisor)).toEqual([]);
  });
});

describe('the review queue as CSV for Dutch Excel', () => {
  const parse = (text: string) =>
    text
      .replace(/^\uFEFF/, '')
      .split('\r\n')
      .filter(Boolean);
  /** One CSV row as written: every cell quoted (RFC 4180), inner quotes doubled. */
  const q = (...cells: string[]) => cells.map((c) => `"${c.replace(/"/g, '""')}"`).join(';');
  const idOf = (line: string) => line.slice(1, 37);

  it('answers ;-separated UTF-8 with BOM, one row per household, when asked with Accept: text/csv', async () => {
    const res = await api().get('/api/v1/supervision/stalled?sort=severity').set(bearer(f.supervisor)).set('Accept', 'text/csv').buffer(true).parse((r, cb) => {
      let data = '';
      r.setEncoding('utf8');
      r.on('data', (chunk: string) => (data += chunk));
      r.on('end', () => cb(null, data));
    });
    expect(res.status).toBe(200);
    expect(res.headers['content-type']).toBe('text/csv; charset=utf-8');
    expect(res.headers['content-disposition']).toMatch(/^attachment; filename="stalled-cases-\d{4}-\d{2}-\d{2}\.csv"$/);
    const text = res.body as string;
    expect(text.startsWith('\uFEFF')).toBe(true);
    const lines = parse(text);
    expect(lines[0]).toBe(
      q('householdId', 'district', 'status', 'coordination', 'coordinatorId', 'coordinatorName', 'severity', 'stalledSince', 'daysStalled', 'rules') +
        ';' +
        q('NO_COORDINATOR', 'NO_PLAN', 'PLAN_NOT_UPDATED', 'ACTIONS_OVERDUE', 'NO_CONTACT', 'REVIEW_OVERDUE', 'SIGNAL_UNANSWERED', 'NO_PROGRESS', 'HANDOVER_PENDING'),
    );
    expect(lines).toHaveLength(5);
    const byId = new Map(lines.slice(1).map((l) => [idOf(l), l]));
    expect(byId.get(h.vacant)).toBe(q(h.vacant, 'Noord', 'registered', 'vacant', '', '', '5', dateIn(3), '12', 'NO_COORDINATOR', '15 d', '', '', '', '', '', '', '', ''));
    expect(byId.get(h.reviewAndActions)).toContain(`;${q('Carla Coordinator', '5', dateIn(3), '12', 'ACTIONS_OVERDUE, REVIEW_OVERDUE', '', '', '', '1 (15 d)', '', '13 d', '', '')}`);
    // a district that would be a formula in Excel is neutralised with an apostrophe inside the quotes
    expect(byId.get(h.review)).toContain(`;"'=HYPERLINK(""x"";""Oost"")";"active";"assigned";`);
    // each exported household has its export event, so the export shows in that family's access report
    const exported = await systemDb(t.app).query<Array<{ household_id: string | null }>>(
      `SELECT household_id FROM audit_event WHERE tenant_id = $1 AND action = 'export' AND request_id = $2`,
      [f.tenantId, res.headers['x-request-id']],
    );
    expect(exported.map((e) => e.household_id).sort()).toEqual([...byId.keys()].sort());
  });

  it('completes the download only once its audit events are committed', async () => {
    // a session that holds audit_event in SHARE mode makes the export's audit INSERT (at commit) wait
    const holder = new pg.Client({ connectionString: process.env.DATABASE_URL });
    await holder.connect();
    try {
      await holder.query('BEGIN');
      await holder.query('LOCK TABLE audit_event IN SHARE MODE');
      const download = api().get('/api/v1/supervision/stalled?format=csv').set(bearer(f.supervisor)).buffer(true).then((res) => res);
      const early = await Promise.race([download.then(() => 'complete'), new Promise((resolve) => setTimeout(() => resolve('waiting'), 1_000))]);
      expect(early).toBe('waiting');
      await holder.query('COMMIT');
      const res = await download;
      expect(res.status).toBe(200);
      const [{ n }] = await systemDb(t.app).query<[{ n: number }]>(
        `SELECT count(*)::int AS n FROM audit_event WHERE tenant_id = $1 AND action = 'export' AND request_id = $2`,
        [f.tenantId, res.headers['x-request-id']],
      );
      expect(n).toBeGreaterThan(0);
    } finally {
      await holder.query('ROLLBACK').catch(() => undefined);
      await holder.end();
    }
  });

  it('gives the same with ?format=csv and applies the filters', async () => {
    const res = await api().get('/api/v1/supervision/stalled?format=csv&district=Noord').set(bearer(f.supervisor)).buffer(true).parse((r, cb) => {
      let data = '';
      r.setEncoding('utf8');
      r.on('data', (chunk: string) => (data += chunk));
      r.on('end', () => cb(null, data));
    });
    expect(res.status).toBe(200);
    const lines = parse(res.body as string);
    expect(lines.slice(1).map(idOf).sort()).toEqual([h.vacant, h.reviewAndActions].sort());
  });

  it('answers problems as JSON, not CSV', async () => {
    const res = await api().get('/api/v1/supervision/stalled?rule=LATE').set(bearer(f.supervisor)).set('Accept', 'text/csv');
    expectProblem(res, 400);
  });
});
